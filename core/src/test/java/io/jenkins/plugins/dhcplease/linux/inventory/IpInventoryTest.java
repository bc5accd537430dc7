package io.jenkins.plugins.dhcplease.linux.inventory;

import io.jenkins.plugins.dhcplease.files.Json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.model.LeaseException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class IpInventoryTest {

    /** Trimmed from `ip -j -d -batch -` (addr show; route show default) on Debian 12 (iproute2 6.1): loopback, a veth with DHCP, a static NIC. */
    public static final String ADDR = """
            [{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP","LOWER_UP"],"mtu":65536,"operstate":"UNKNOWN",
              "link_type":"loopback","address":"00:00:00:00:00:00","addr_info":[{"family":"inet","local":"127.0.0.1",
              "prefixlen":8,"scope":"host","label":"lo","valid_life_time":4294967295,"preferred_life_time":4294967295}]},
             {"ifindex":2,"link_index":3,"ifname":"x-c","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],
              "operstate":"UP","link_type":"ether","address":"02:00:5e:00:53:01","linkinfo":{"info_kind":"veth"},
              "addr_info":[{"family":"inet","local":"198.18.0.103","prefixlen":24,"scope":"global","dynamic":true,
              "label":"x-c","valid_life_time":120,"preferred_life_time":120},
              {"family":"inet","local":"169.254.7.7","prefixlen":16,"tentative":true,"valid_life_time":4294967295},
              {"family":"inet6","local":"fe80::ff:fe00:1","prefixlen":64,"scope":"link","tentative":true}]},
             {"ifindex":4,"ifname":"eth1","flags":["BROADCAST","MULTICAST","UP"],"operstate":"DOWN",
              "link_type":"ether","address":"52:54:00:AB:cd:ef","addr_info":[{"family":"inet","local":"10.0.0.5",
              "prefixlen":24,"label":"eth1 \\"quoted\\"\\u00e9","valid_life_time":4294967295}]}]
            """;
    public static final String ROUTES = """
            [{"dst":"default","gateway":"198.18.0.1","dev":"x-c","protocol":"dhcp","flags":[]},
             {"dst":"default","dev":"tun0","scope":"link","flags":[]}]
            """;

    @Test
    void readsLinksAddressesAndGateways() throws Exception {
        List<Link> links = IpInventory.parse(ADDR + ROUTES);

        assertEquals(3, links.size());
        Link lo = links.get(0);
        assertTrue(lo.loopback());
        Link veth = links.get(1);
        assertEquals("x-c", veth.name());
        assertEquals(2, veth.index());
        assertEquals("02-00-5E-00-53-01", veth.mac());
        assertEquals("veth", veth.kind());
        assertTrue(veth.up());
        assertEquals(List.of("198.18.0.1"), veth.gateways());
        assertEquals(List.of(new LinkAddress("198.18.0.103", 24, true, false, false, 120),
                new LinkAddress("169.254.7.7", 16, false, true, false, -1)), veth.addresses(), "IPv6 is left out");
        assertTrue(veth.hasDynamicAddress());
        Link eth1 = links.get(2);
        assertFalse(eth1.up(), "operstate DOWN");
        assertEquals("52-54-00-AB-CD-EF", eth1.mac());
        assertEquals(List.of(), eth1.gateways());
        assertFalse(eth1.hasDynamicAddress());
    }

    @Test
    void emptyOutputIsNoLinks() throws Exception {
        assertEquals(List.of(), IpInventory.parse("[]\n[]\n"));
    }

    @Test
    void garbageIsAnInventoryFailureThatNamesTheNeed() {
        LeaseException e = assertThrows(LeaseException.class, () -> IpInventory.parse("Usage: ip [ OPTIONS ]"));
        assertEquals(LeaseException.Kind.INVENTORY_FAILED, e.kind());
        assertTrue(e.getMessage().contains("iproute2"), e.getMessage());
    }

    @Test
    void aBatchMissingItsRouteListIsAFailure() {
        assertThrows(LeaseException.class, () -> IpInventory.parse(ADDR));
    }

    @Test
    void aFieldOfTheWrongShapeIsAnInventoryFailureNotAnInternalError() {
        String noPrefix = "[{\"ifindex\":2,\"ifname\":\"eth0\",\"addr_info\":[{\"family\":\"inet\",\"local\":\"10.0.0.5\"}]}]\n[]\n";
        LeaseException e = assertThrows(LeaseException.class, () -> IpInventory.parse(noPrefix));
        assertEquals(LeaseException.Kind.INVENTORY_FAILED, e.kind());
        assertThrows(LeaseException.class, () -> IpInventory.parse("{}\n[]\n"));
    }

    @Test
    void onlySixByteHardwareAddressesAreMacs() {
        assertEquals("AA-BB-CC-00-11-22", IpInventory.canonicalMac("aa:bb:cc:00:11:22"));
        assertEquals("", IpInventory.canonicalMac("0.0.0.0"));
        assertEquals("", IpInventory.canonicalMac("192.168.100.200"), "a tunnel's address: twelve digits, no MAC");
        assertEquals("", IpInventory.canonicalMac(null));
    }

    @Test
    void jsonKeepsStringsNumbersAndNesting() {
        Object v = Json.parseAll("{\"a\":[1,-2.5e1,true,false,null,\"x\\ty\\u0041\"],\"b\":{}}").get(0);
        assertEquals(Map.of("a", java.util.Arrays.asList(1L, -25.0, true, false, null, "x\tyA"), "b", Map.of()), v);
        assertThrows(IllegalArgumentException.class, () -> Json.parseAll("{\"a\":1} x"));
        assertThrows(IllegalArgumentException.class, () -> Json.parseAll("[1,"));
        assertEquals(List.of(List.of(), Map.of("b", 2L)), Json.parseAll(" []\n{\"b\":2}\n"));
    }
}
