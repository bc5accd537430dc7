package io.jenkins.plugins.dhcplease.windows.jna;

import com.sun.jna.IntegerType;
import com.sun.jna.Native;

/**
 * {@code time_t} as IP_ADAPTER_INFO carries it: 32 bits in the x86 DLL, 64 bits on x64 and ARM64 — the size of a
 * pointer. Never NativeLong: C {@code long} is 4 bytes on 64-bit Windows.
 */
public final class TimeT extends IntegerType {
    private static final long serialVersionUID = 1L;

    public TimeT() {
        this(0);
    }

    public TimeT(long seconds) {
        super(Native.POINTER_SIZE, seconds);
    }
}
