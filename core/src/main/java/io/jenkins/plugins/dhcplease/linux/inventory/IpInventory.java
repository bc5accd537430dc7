package io.jenkins.plugins.dhcplease.linux.inventory;

import io.jenkins.plugins.dhcplease.files.Json;
import io.jenkins.plugins.dhcplease.engine.Deadline;
import io.jenkins.plugins.dhcplease.linux.command.CommandResult;
import io.jenkins.plugins.dhcplease.linux.command.CommandRunner;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.MacAddresses;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Lists interfaces, their IPv4 addresses and default gateways with {@code ip -j}. */
public final class IpInventory {

    /** One process for both lists (a process start costs more than the listing): addresses, then IPv4 defaults. */
    static final List<String> BATCH = List.of("ip", "-j", "-d", "-batch", "-");
    static final String COMMANDS = "addr show\nroute show default\n";
    private static final Pattern MAC = Pattern.compile("([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}");

    private final CommandRunner runner;

    public IpInventory(CommandRunner runner) {
        this.runner = runner;
    }

    /** Every interface; {@code ip} is killed at {@code deadline}. */
    public List<Link> links(Deadline deadline) throws LeaseException, InterruptedException {
        CommandResult r = runner.run(BATCH, COMMANDS, deadline);
        if (!r.ok()) {
            throw new LeaseException(LeaseException.Kind.INVENTORY_FAILED, "Could not list the network interfaces: "
                    + r.describe() + ". dhcp-lease needs iproute2's 'ip' (Debian/Ubuntu package iproute2, Alpine"
                    + " iproute2) on the PATH.", r.exitCode(), null);
        }
        return parse(r.stdout());
    }

    /**
     * Only {@code ifname} ({@code addr show dev IF}, and the default routes: filtered by device, {@code ip -j} would
     * leave out the {@code dev} that tells them apart): what a poll needs. Empty when the interface does not exist
     * (any more).
     */
    public Optional<Link> link(String ifname, Deadline deadline) throws LeaseException, InterruptedException {
        CommandResult r = runner.run(BATCH, "addr show dev " + ifname + "\nroute show default\n",
                deadline);
        if (!r.ok() && r.stderr().contains("does not exist")) {
            return Optional.empty();
        }
        if (!r.ok()) {
            throw new LeaseException(LeaseException.Kind.INVENTORY_FAILED, "Could not read the network interface "
                    + ifname + ": " + r.describe() + ".", r.exitCode(), null);
        }
        return parse(r.stdout()).stream().filter(l -> l.name().equals(ifname)).findFirst();
    }

    /** Turns the batch's output, {@code addr show} then {@code route show default} as JSON, into links. */
    static List<Link> parse(String batchJson) throws LeaseException {
        try {
            List<Object> lists = Json.parseAll(batchJson);
            if (lists.size() != 2) {
                throw new IllegalArgumentException("expected the address list and the route list, got " + lists.size()
                        + " values");
            }
            return links(lists.get(0), lists.get(1));
        } catch (RuntimeException e) {
            // malformed JSON, or a field of another type or missing: the same failure, never an internal error
            throw new LeaseException(LeaseException.Kind.INVENTORY_FAILED, "Could not read the output of 'ip -j': "
                    + e.getMessage() + ". dhcp-lease needs iproute2 4.14 or newer (JSON output).", 0, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Link> links(Object linkList, Object routeList) {
        Map<String, List<String>> gateways = new LinkedHashMap<>();
        for (Object o : (List<Object>) routeList) {
            Map<String, Object> r = (Map<String, Object>) o;
            if (r.get("gateway") instanceof String gw && r.get("dev") instanceof String dev) {
                gateways.computeIfAbsent(dev, k -> new ArrayList<>()).add(gw);
            }
        }
        List<Link> result = new ArrayList<>();
        for (Object o : (List<Object>) linkList) {
            Map<String, Object> l = (Map<String, Object>) o;
            String name = (String) l.get("ifname");
            List<String> flags = (List<String>) l.getOrDefault("flags", List.of());
            String oper = String.valueOf(l.getOrDefault("operstate", "UNKNOWN"));
            boolean up = flags.contains("UP") && ("UP".equals(oper) || "UNKNOWN".equals(oper) && flags.contains("LOWER_UP"));
            String kind = "";
            if (l.get("linkinfo") instanceof Map<?, ?> info && info.get("info_kind") instanceof String k) {
                kind = k;
            }
            List<LinkAddress> addresses = new ArrayList<>();
            for (Object ao : (List<Object>) l.getOrDefault("addr_info", List.of())) {
                Map<String, Object> a = (Map<String, Object>) ao;
                if (!"inet".equals(a.get("family"))) {
                    continue;
                }
                long valid = a.get("valid_life_time") instanceof Number n ? n.longValue() : -1;
                addresses.add(new LinkAddress((String) a.get("local"), ((Number) a.get("prefixlen")).intValue(),
                        Boolean.TRUE.equals(a.get("dynamic")), Boolean.TRUE.equals(a.get("tentative")),
                        Boolean.TRUE.equals(a.get("dadfailed")), valid >= 0xFFFFFFFFL ? -1 : valid));
            }
            result.add(new Link(((Number) l.get("ifindex")).intValue(), name, canonicalMac(l.get("address")),
                    String.valueOf(l.getOrDefault("link_type", "")), kind, up, addresses,
                    gateways.getOrDefault(name, List.of())));
        }
        return result;
    }

    /**
     * {@code 02:00:0a:...} to {@code 02-00-0A-...}; "" for anything else: tunnels show an IPv4 address there, whose
     * digits must never pass for a MAC.
     */
    static String canonicalMac(Object address) {
        if (!(address instanceof String s) || !MAC.matcher(s).matches()) {
            return "";
        }
        return MacAddresses.canonical(HexFormat.ofDelimiter(":").parseHex(s));
    }
}
