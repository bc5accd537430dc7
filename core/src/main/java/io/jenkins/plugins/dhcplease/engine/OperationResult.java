package io.jenkins.plugins.dhcplease.engine;

/**
 * What one release or renew call returned.
 *
 * @param code    0 on success; otherwise the OS code (Win32 error, a Linux client's exit status)
 * @param message null on success; otherwise a sentence that names the code, what it means and what to do
 */
public record OperationResult(int code, String message) {

    public static final OperationResult OK = new OperationResult(0, null);

    public boolean ok() {
        return code == 0;
    }

    public static OperationResult failed(int code, String message) {
        return new OperationResult(code, message);
    }
}
