package io.jenkins.plugins.dhcplease.engine;

import io.jenkins.plugins.dhcplease.model.AddressCheck;
import io.jenkins.plugins.dhcplease.model.CheckResult;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;

/**
 * The seam for {@code verify}: the caller supplies the network (the engine opens no socket). The engine decides when a
 * check runs, bounds each by the request's deadline and judges the outcome; an implementation only tries and says what
 * came back. It sends nothing anywhere but to what the check names (and, for {@code gateway}, the gateway).
 */
@FunctionalInterface
public interface AddressChecks {

    /** No checks available: a request with {@code verify} is refused before anything changes. */
    AddressChecks NONE = (check, adapter, local, deadline) -> {
        throw new IllegalStateException("no address checks");
    };

    /**
     * Runs one check from {@code localAddress}, the renewed address of {@code adapter} (as now read). Should return by
     * the deadline; the engine stops waiting for it there anyway.
     */
    Answer run(AddressCheck check, NetworkAdapter adapter, String localAddress, Deadline deadline)
            throws InterruptedException;

    /** @param detail what was tried and what came back, naming addresses and ports */
    record Answer(CheckResult.Result result, String detail) {
        public static Answer passed(String detail) {
            return new Answer(CheckResult.Result.PASSED, detail);
        }

        public static Answer failed(String detail) {
            return new Answer(CheckResult.Result.FAILED, detail);
        }

        public static Answer timedOut(String detail) {
            return new Answer(CheckResult.Result.TIMED_OUT, detail);
        }
    }
}
