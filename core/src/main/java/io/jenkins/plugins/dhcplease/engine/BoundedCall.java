package io.jenkins.plugins.dhcplease.engine;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one blocking call on a daemon thread of its own and waits for it until a deadline. A native call cannot be
 * interrupted from Java: past the deadline the thread is left to finish inside the OS, and the caller says so.
 */
final class BoundedCall {
    private BoundedCall() {
    }

    /** The result, or empty when the deadline passed first. Interrupting the caller stops the wait, not the call. */
    static <T> Optional<T> run(String threadName, Callable<T> call, Deadline deadline) throws InterruptedException {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(call.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
        try {
            return Optional.of(result.get(deadline.remainingMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            if (cause instanceof InterruptedException ie) {
                throw ie;
            }
            throw new IllegalStateException(cause);
        }
    }
}
