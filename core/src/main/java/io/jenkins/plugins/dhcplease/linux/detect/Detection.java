package io.jenkins.plugins.dhcplease.linux.detect;

import java.util.List;

/**
 * What manages one interface's lease, and how it was found.
 *
 * @param kind     the client
 * @param pid      its daemon's pid; 0 when no daemon runs (NetworkManager/networkd devices; a client dhcp-lease
 *                 released and stopped)
 * @param argv     the daemon's command line from /proc, or the one remembered at release; empty when unknown
 * @param ip4Only  dhcpcd only: the daemon runs with -4, so its pid and socket files carry "-4"
 * @param evidence how it was recognised, for messages ("process 812: dhclient -4 -v eth0")
 */
public record Detection(ClientKind kind, long pid, List<String> argv, boolean ip4Only, String evidence) {

    public Detection {
        argv = List.copyOf(argv);
    }

    public boolean running() {
        return pid > 0;
    }
}
