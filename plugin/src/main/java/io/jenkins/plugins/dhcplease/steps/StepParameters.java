package io.jenkins.plugins.dhcplease.steps;

import io.jenkins.plugins.dhcplease.model.AddressCheck;
import io.jenkins.plugins.dhcplease.model.AddressRange;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.model.RenewChecks;
import io.jenkins.plugins.dhcplease.select.AdapterSelector;
import java.time.Duration;
import java.util.List;

/**
 * What a step was asked, checked on the controller before anything reaches the agent. Holds no Jenkins type, so
 * the rules here are the same for every caller (pipeline and form validation).
 *
 * @param function the step's function name, the prefix of every message ({@code dhcpRenew})
 * @param adapter  the selector as written, null or blank when none
 * @param expect   dhcpRenew's address or CIDR the renewed address must be or fall in; null when none
 * @param verify   dhcpRenew's checks once the address is there; empty when none
 */
public record StepParameters(
        String function,
        LeaseAction action,
        String adapter,
        boolean allAdapters,
        int timeoutSeconds,
        boolean waitForAddress,
        boolean dryRun,
        boolean allowAgentDisconnect,
        String expect,
        List<String> verify) {

    public static final int DEFAULT_TIMEOUT_SECONDS = (int) LeaseRequest.DEFAULT_TIMEOUT.toSeconds();
    /** An hour: longer is a typo, and an executor would sit blocked that long. */
    public static final int MAX_TIMEOUT_SECONDS = 3600;

    public StepParameters {
        verify = verify == null ? List.of() : List.copyOf(verify);
    }

    /** Without expect and verify (dhcpRelease). */
    public StepParameters(String function, LeaseAction action, String adapter, boolean allAdapters, int timeoutSeconds,
                          boolean waitForAddress, boolean dryRun, boolean allowAgentDisconnect) {
        this(function, action, adapter, allAdapters, timeoutSeconds, waitForAddress, dryRun, allowAgentDisconnect,
                null, List.of());
    }

    /** Throws {@link InvalidParametersException} with the message for the build log. */
    public void check() throws InvalidParametersException {
        String timeoutProblem = timeoutProblem(timeoutSeconds);
        if (timeoutProblem != null) {
            throw new InvalidParametersException(Messages.Parameters_BadTimeout(function,
                    String.valueOf(MAX_TIMEOUT_SECONDS), String.valueOf(timeoutSeconds),
                    String.valueOf(DEFAULT_TIMEOUT_SECONDS)));
        }
        if (!hasAdapter() && !allAdapters) {
            throw new InvalidParametersException(Messages.Parameters_NoAdapter(function));
        }
        if (hasAdapter()) {
            String selectorProblem = selectorProblem(adapter);
            if (selectorProblem != null) {
                throw new InvalidParametersException(Messages.Parameters_BadSelector(function, selectorProblem));
            }
        }
        try {
            // core's own rules: the same parser the agent applies, and expect/verify only where they can work
            RenewChecks.of(LeaseRequest.builder(action).expect(expect).verify(verify).waitForAddress(waitForAddress)
                    .dryRun(dryRun).build());
        } catch (LeaseException e) {
            throw new InvalidParametersException(Messages.Parameters_BadChecks(function, e.getMessage()));
        }
    }

    /** The request for the agent; call {@link #check()} first. */
    public LeaseRequest toRequest(ControllerEndpoint controller) {
        return LeaseRequest.builder(action)
                .selector(hasAdapter() ? adapter.trim() : null)
                .all(allAdapters)
                .timeout(Duration.ofSeconds(timeoutSeconds))
                .waitForAddress(waitForAddress)
                .dryRun(dryRun)
                .controller(controller.host(), controller.port())
                .allowAgentDisconnect(allowAgentDisconnect)
                .expect(expect)
                .verify(verify)
                .build();
    }

    private boolean hasAdapter() {
        return adapter != null && !adapter.isBlank();
    }

    /** Null when the timeout is usable, else why not. */
    static String timeoutProblem(int seconds) {
        return seconds >= 1 && seconds <= MAX_TIMEOUT_SECONDS ? null : "out of range";
    }

    /** One of core's parsers: throws a {@link LeaseException} that explains what is wrong and what to write. */
    @FunctionalInterface
    interface Parser {
        void parse(String text) throws LeaseException;
    }

    /** Null when {@code parser} accepts {@code text}, else its explanation. */
    static String problem(String text, Parser parser) {
        try {
            parser.parse(text);
            return null;
        } catch (LeaseException e) {
            return e.getMessage();
        }
    }

    /** Null when core's parser accepts the selector, else its explanation (with the syntax). */
    static String selectorProblem(String selector) {
        return problem(selector, AdapterSelector::parse);
    }

    /** Null when core's parser accepts the expected address or network, else its explanation (with an example). */
    static String expectProblem(String expect) {
        return problem(expect, AddressRange::parse);
    }

    /** Null when core's parser accepts every check (comma-separated), else its explanation (with the forms). */
    static String verifyProblem(String verify) {
        return problem(verify, v -> AddressCheck.parseAll(List.of(v)));
    }

    /** Bad step parameters: the message is complete and goes to the build log as it is. */
    public static final class InvalidParametersException extends Exception {
        private static final long serialVersionUID = 1L;

        public InvalidParametersException(String message) {
            super(message);
        }
    }
}
