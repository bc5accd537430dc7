package io.jenkins.plugins.dhcplease.windows;

import com.sun.jna.Memory;
import com.sun.jna.ptr.IntByReference;
import io.jenkins.plugins.dhcplease.model.LeaseException;

/**
 * The IP Helper sizing protocol: call with a buffer, and when the function answers "too small" (111 or 122) with
 * the size it needs, call again with that size. The table can grow between two calls, so this retries a bounded
 * number of times, as Microsoft's GetAdaptersAddresses sample does.
 */
final class GrowingBuffer {
    /** Attempts in all, Microsoft's documented MAX_TRIES. */
    static final int TRIES = 3;
    /** The most a table may ask for: the size is a ULONG, and above 2^31 it cannot be an adapter table at all. */
    static final long MAX_BYTES = Integer.MAX_VALUE;

    @FunctionalInterface
    interface Fill {
        int call(Memory buffer, IntByReference size);
    }

    /**
     * @param buffer   filled by the last call: meaningful only when {@code code} is 0
     * @param oversize the size (unsigned) the OS last asked for when it was above {@link #MAX_BYTES}, else 0: the
     *                 call was then not repeated
     */
    record Result(int code, Memory buffer, int attempts, long oversize) {
        /** Why the call failed, for a message: the code's sentence, or what was wrong with the size. */
        String cause(String function, Win32Errors errors) {
            if (oversize != 0) {
                return function + " asked for a buffer of " + oversize + " bytes, more than the " + MAX_BYTES
                        + " a table can take (they are kilobytes), so it was not called again: Windows or a driver"
                        + " reported a broken size. Retry; if it persists, restart the agent machine.";
            }
            String tries = code == AdapterInventory.ERROR_BUFFER_OVERFLOW ? " after " + attempts + " attempts" : "";
            return function + " failed" + tries + ". " + errors.describe(code);
        }

        /** The inventory failure: "Windows would not list {@code what}: ...". */
        LeaseException failure(String what, String function, Win32Errors errors) {
            return new LeaseException(LeaseException.Kind.INVENTORY_FAILED, "Windows would not list " + what + ": "
                    + cause(function, errors), code, null);
        }
    }

    private GrowingBuffer() {
    }

    static Result fill(int initialBytes, int tooSmallCode, Fill fill) {
        long bytes = initialBytes;
        int code = tooSmallCode;
        Memory buffer = null;
        int attempt = 0;
        while (attempt < TRIES && code == tooSmallCode) {
            attempt++;
            buffer = new Memory(bytes);
            IntByReference size = new IntByReference((int) bytes);
            code = fill.call(buffer, size);
            long asked = Integer.toUnsignedLong(size.getValue());
            if (code == tooSmallCode && asked > MAX_BYTES) {
                return new Result(code, null, attempt, asked);
            }
            // an answer that does not ask for more still grows the next try, so a confused size cannot loop
            bytes = Math.min(Math.max(asked, bytes + 1), MAX_BYTES);
        }
        return new Result(code, buffer, attempt, 0);
    }
}
