package io.jenkins.plugins.dhcplease.engine;

import io.jenkins.plugins.dhcplease.model.AddressCheck;
import io.jenkins.plugins.dhcplease.model.AddressRange;
import io.jenkins.plugins.dhcplease.model.CheckResult;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import io.jenkins.plugins.dhcplease.model.OutcomeLine;
import io.jenkins.plugins.dhcplease.model.RenewChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * After a renew got a usable address: {@code expect} first (pure), then each {@code verify} check in the order given,
 * each bounded by what is left of the request's deadline. The lease is never touched here: a wrong address or a
 * network that does not answer is reported, and the user decides what to do next.
 *
 * @param results the checks in the order they ran
 * @param failure null when every check passed; else why the outcome fails
 */
record RenewCheckRun(List<CheckResult> results, String failure) {

    static RenewCheckRun run(RenewChecks checks, AddressChecks network, NetworkAdapter now, Deadline deadline,
                             LeaseLog log) throws InterruptedException {
        String address = now.usableDhcpAddress().orElseThrow().address();
        List<CheckResult> results = new ArrayList<>();
        if (checks.expect() != null) {
            CheckResult r = expect(checks.expect(), address, now.dhcpServer());
            results.add(r);
            if (!r.passed()) {
                return new RenewCheckRun(results, r.detail() + "; the lease was left as it is. Check the DHCP server's"
                        + " reservation for this adapter's MAC " + now.mac() + " and that the adapter is on the intended"
                        + " network, then renew again");
            }
        }
        List<String> failed = new ArrayList<>();
        for (AddressCheck c : checks.verify()) {
            CheckResult r = verify(c, network, now, address, deadline);
            results.add(r);
            log.line(now.label() + ": check " + r.brief() + ": " + r.detail());
            if (!r.passed()) {
                failed.add("check " + c.spec() + " " + r.result().word() + ": " + r.detail());
            }
        }
        return new RenewCheckRun(results, failed.isEmpty() ? null
                : "renewed to " + address + ", but " + String.join("; ", failed));
    }

    static CheckResult expect(AddressRange range, String address, String server) {
        String name = "expect " + range;
        if (range.contains(address)) {
            return new CheckResult(name, CheckResult.Result.PASSED, 0, address + (range.toString().contains("/")
                    ? " is in " : " is ") + range);
        }
        return new CheckResult(name, CheckResult.Result.FAILED, 0, "got " + address
                + (server == null ? "" : " from " + server) + ", expected " + range);
    }

    private static CheckResult verify(AddressCheck c, AddressChecks network, NetworkAdapter now, String address,
                                      Deadline deadline) throws InterruptedException {
        if (deadline.expired()) {
            return new CheckResult(c.spec(), CheckResult.Result.TIMED_OUT, 0, "not run: the request's deadline had"
                    + " passed; raise the timeout to leave time for the checks");
        }
        long left = deadline.remainingMillis();
        long started = System.nanoTime();
        Optional<AddressChecks.Answer> answer;
        try {
            answer = BoundedCall.run("dhcp-lease check " + c.spec(), () -> network.run(c, now, address, deadline),
                    deadline);
        } catch (RuntimeException e) {
            answer = Optional.of(AddressChecks.Answer.failed("the check could not run: " + e));
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        return answer.map(a -> new CheckResult(c.spec(), a.result(), millis, a.detail()))
                .orElseGet(() -> new CheckResult(c.spec(), CheckResult.Result.TIMED_OUT, millis, "no answer within the "
                        + OutcomeLine.seconds(left) + " left of the deadline (from " + address + ")"));
    }
}
