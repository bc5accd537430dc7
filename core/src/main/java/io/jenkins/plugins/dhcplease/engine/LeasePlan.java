package io.jenkins.plugins.dhcplease.engine;

import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.LeaseOutcome;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import io.jenkins.plugins.dhcplease.model.OutcomeLine;
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;
import io.jenkins.plugins.dhcplease.select.AdapterSelection;
import io.jenkins.plugins.dhcplease.select.AdapterSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a request will do, decided from the inventory alone (pure: no call to the OS): the adapters chosen, for each
 * either its final outcome (skipped, dry run) or "act", and the refusals. Refused means nothing is touched.
 *
 * @param steps one per chosen adapter, in inventory order
 */
public record LeasePlan(List<Step> steps) {

    /** One chosen adapter: {@code outcome} is final when not null; otherwise the engine acts on it. */
    public record Step(NetworkAdapter adapter, boolean carriesConnection, LeaseOutcome outcome) {
        public boolean acts() {
            return outcome == null;
        }
    }

    public List<Step> toAct() {
        return steps.stream().filter(Step::acts).toList();
    }

    /**
     * @param renewCutsAddress true for an adapter whose renew stops its DHCP client and so drops the address for a
     *                         moment (a restart-style renew): such a renew counts as a release for the safety rule
     */
    public static LeasePlan of(LeaseRequest request, List<NetworkAdapter> inventory, ConnectionFacts connection,
                               Predicate<NetworkAdapter> renewCutsAddress) throws LeaseException {
        AdapterSelector selector = request.selector() == null ? null : AdapterSelector.parse(request.selector());
        List<NetworkAdapter> chosen = AdapterSelection.choose(inventory, selector, request.all(), connection.adapterIds(),
                request.terms());
        List<Step> steps = new ArrayList<>();
        for (NetworkAdapter a : chosen) {
            boolean carries = connection.carries(a);
            LeaseOutcome base = LeaseOutcome.of(a, request.action(), OutcomeStatus.SKIPPED, carries);
            String skip = skipReason(a);
            if (skip != null) {
                steps.add(new Step(a, carries, base.withStatus(OutcomeStatus.SKIPPED, 0, skip)));
            } else if (request.dryRun()) {
                steps.add(new Step(a, carries, base.withStatus(OutcomeStatus.DRY_RUN, 0, wouldDo(request.action(), a))));
            } else {
                refuseStranding(request, a, connection, renewCutsAddress.test(a));
                steps.add(new Step(a, carries, null));
            }
        }
        return new LeasePlan(List.copyOf(steps));
    }

    /** A plain release (or a restart-style renew) of the connection's adapter would cut the agent off: refused. */
    private static void refuseStranding(LeaseRequest request, NetworkAdapter a, ConnectionFacts connection,
                                        boolean renewCutsAddress) throws LeaseException {
        boolean cuts = request.action() == LeaseAction.RELEASE
                || (request.action() == LeaseAction.RENEW && renewCutsAddress);
        if (!cuts || request.allowAgentDisconnect()) {
            return;
        }
        String what = request.action() == LeaseAction.RELEASE ? "Releasing its lease"
                : "Renewing it restarts its DHCP client, which drops the address for a moment; that";
        String instead = " Release and renew in one operation instead — " + request.terms().releaseFirst() + ": it"
                + " runs on the agent without needing the connection — or, if the agent can recover on its own, allow it"
                + " explicitly (" + request.terms().allowAgentDisconnect() + "). Nothing was changed.";
        if (!connection.known()) {
            throw new LeaseException(LeaseException.Kind.REFUSED, "Cannot tell which adapter carries this agent's"
                    + " connection (" + connection.evidence() + "), so " + a.label() + " might be it. " + what
                    + " could cut the agent off, and a later renew could never reach it." + instead);
        }
        if (connection.carries(a)) {
            throw new LeaseException(LeaseException.Kind.REFUSED, a.label() + " carries this agent's connection ("
                    + connection.evidence() + "). " + what + " would cut the agent off, and a later renew could never"
                    + " reach it." + instead);
        }
    }

    static String skipReason(NetworkAdapter a) {
        if (!a.dhcpEnabled()) {
            String addr = a.primaryAddress();
            return "DHCP is not enabled on this adapter" + (addr == null ? "" : " (static " + addr + ")")
                    + "; only a DHCP adapter has a lease to release or renew";
        }
        if (!a.up()) {
            return "the adapter is down (disconnected or disabled); connect or enable it, then run again";
        }
        return null;
    }

    private static String wouldDo(LeaseAction action, NetworkAdapter a) {
        String lease = a.primaryAddress() == null ? "(no address now)" : a.primaryAddress()
                + (a.dhcpServer() == null ? "" : " from " + a.dhcpServer())
                + (a.leaseExpires() == null ? "" : ", lease until " + OutcomeLine.time(a.leaseExpires()));
        return switch (action) {
            case RELEASE -> "would release " + lease;
            case RENEW -> "would renew " + lease;
            case RELEASE_THEN_RENEW -> "would release and renew " + lease;
        };
    }
}
