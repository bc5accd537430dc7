package io.jenkins.plugins.dhcplease.windows;

/** Shim scenarios shared by the binding tests, the engine scenarios and the benchmark. */
public final class Scenarios {
    private Scenarios() {
    }

    public static final String ETHERNET_GUID = "{4D36E972-E325-11CE-BFC1-08002BE10318}";

    /** One DHCP Ethernet adapter with a current lease. */
    public static final String ETHERNET = """
            adapter eth
              name Ethernet
              description Intel(R) Ethernet Connection I219-V
              guid {4D36E972-E325-11CE-BFC1-08002BE10318}
              index 12
              mac 00-15-5D-01-02-03
              address 192.168.1.10/24 dhcp
              gateway 192.168.1.1
              server 192.168.1.1
              lease 1700000000 1700086400
            """;

    /** The machine of a CI lab: loopback, two Ethernet, Wi-Fi, a VPN tunnel, a static and a disconnected adapter. */
    public static final String LAB = ETHERNET + """
            adapter eth2
              name Ethernet 2
              description Realtek USB GbE Family Controller
              guid {A1B2C3D4-0000-1111-2222-333344445555}
              index 17
              mac 00:E0:4C:68:01:02
              address 10.20.0.5/16 dhcp
              server 10.20.0.1
              lease 1700000100 1700003700
            adapter wifi
              name Wi-Fi
              description Intel(R) Wi-Fi 6 AX201 160MHz
              guid {B0B0B0B0-1111-2222-3333-444455556666}
              index 21
              type wifi
              mac 3C-A9-F4-10-20-30
              address 172.16.5.40/22 dhcp
              server 172.16.4.1
              lease 1700000200 1700007400
            adapter vpn
              name VPN
              description WireGuard Tunnel
              guid {C0C0C0C0-1111-2222-3333-444455556666}
              index 30
              type tunnel
              dhcp off
              address 10.99.0.2/32 manual
            adapter static
              name Lab static
              description Hyper-V Virtual Ethernet Adapter
              guid {D0D0D0D0-1111-2222-3333-444455556666}
              index 40
              mac 00-15-5D-AA-BB-CC
              dhcp off
              address 192.168.50.2/24 manual
              gateway 192.168.50.1
            adapter down
              name Ethernet 3
              description Intel(R) I210 Gigabit Network Connection
              guid {E0E0E0E0-1111-2222-3333-444455556666}
              index 50
              mac 00-1B-21-00-00-01
              status down
            adapter lo
              name Loopback Pseudo-Interface 1
              description Software Loopback Interface 1
              index 1
              type loopback
              dhcp off
              address 127.0.0.1/8 manual
            """;

    /** Four DHCP adapters with an address and a gateway each: the benchmark's inventory. */
    public static final String FOUR = four();

    private static String four() {
        StringBuilder s = new StringBuilder();
        for (int i = 1; i <= 4; i++) {
            s.append("adapter a").append(i).append('\n')
                    .append("  name Ethernet ").append(i).append('\n')
                    .append("  guid {00000000-0000-0000-0000-0000000000A").append(i).append("}\n")
                    .append("  index ").append(10 + i).append('\n')
                    .append("  mac 00-15-5D-00-00-0").append(i).append('\n')
                    .append("  address 10.0.").append(i).append(".10/24 dhcp\n")
                    .append("  gateway 10.0.").append(i).append(".1\n")
                    .append("  server 10.0.").append(i).append(".1\n")
                    .append("  lease 1700000000 1700086400\n");
        }
        return s.toString();
    }
}
