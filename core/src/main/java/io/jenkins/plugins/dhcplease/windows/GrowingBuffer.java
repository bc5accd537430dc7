package io.jenkins.plugins.dhcplease.windows;

import com.sun.jna.Memory;
import com.sun.jna.ptr.IntByReference;

/**
 * The IP Helper sizing protocol: call with a buffer, and when the function answers "too small" (111 or 122) with
 * the size it needs, call again with that size. The table can grow between two calls, so this retries a bounded
 * number of times, as Microsoft's GetAdaptersAddresses sample does.
 */
final class GrowingBuffer {
    /** Attempts in all, Microsoft's documented MAX_TRIES. */
    static final int TRIES = 3;

    @FunctionalInterface
    interface Fill {
        int call(Memory buffer, IntByReference size);
    }

    /** @param buffer filled by the last call: meaningful only when {@code code} is 0 */
    record Result(int code, Memory buffer, int attempts) {
    }

    private GrowingBuffer() {
    }

    static Result fill(int initialBytes, int tooSmallCode, Fill fill) {
        int bytes = initialBytes;
        int code = tooSmallCode;
        Memory buffer = null;
        int attempt = 0;
        while (attempt < TRIES && code == tooSmallCode) {
            attempt++;
            buffer = new Memory(bytes);
            IntByReference size = new IntByReference(bytes);
            code = fill.call(buffer, size);
            // an answer that does not ask for more still grows the next try, so a confused size cannot loop
            bytes = Math.max(size.getValue(), bytes + 1);
        }
        return new Result(code, buffer, attempt);
    }
}
