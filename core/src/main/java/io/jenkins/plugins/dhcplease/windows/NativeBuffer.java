package io.jenkins.plugins.dhcplease.windows;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.jenkins.plugins.dhcplease.windows.jna.WinStrings;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A table that an IP Helper function wrote into our buffer, read in Java at the offsets of our JNA structures (which
 * the layout tests check against the Windows SDK). Reading a JNA {@code Structure} costs microseconds of reflection
 * per entry; reading a {@link ByteBuffer} over the same memory costs nanoseconds. The linked lists inside point into
 * the buffer; an address outside it (not seen, not excluded by the documentation) is read through JNA instead.
 */
final class NativeBuffer {
    private final Memory memory;
    private final ByteBuffer bytes;
    private final long base;
    private final int pointerSize;

    NativeBuffer(Memory memory) {
        this(memory, Pointer.nativeValue(memory), Native.POINTER_SIZE);
    }

    /**
     * The table as if it lived at {@code base} on a machine with {@code pointerSize}-byte pointers: the tests show
     * with it that a 32-bit table above 2 GB is still read from the buffer.
     */
    NativeBuffer(Memory memory, long base, int pointerSize) {
        this.memory = memory;
        this.bytes = memory.getByteBuffer(0, memory.size()).order(ByteOrder.nativeOrder());
        this.pointerSize = pointerSize;
        // addresses are unsigned: a 32-bit one at or above 2 GB (a large-address-aware process) must not turn negative
        this.base = pointerSize == 4 ? base & 0xFFFF_FFFFL : base;
    }

    /** The address of the first entry: the buffer itself. */
    long first() {
        return base;
    }

    /** Whether {@code address} lies inside the buffer. */
    boolean contains(long address) {
        return inside(address, 0, 1) >= 0;
    }

    private int inside(long address, long offset, int length) {
        long at = address - base + offset;
        return at >= 0 && at + length <= memory.size() ? (int) at : -1;
    }

    int i32(long address, int offset) {
        int at = inside(address, offset, 4);
        return at >= 0 ? bytes.getInt(at) : new Pointer(address).getInt(offset);
    }

    int u8(long address, int offset) {
        int at = inside(address, offset, 1);
        return (at >= 0 ? bytes.get(at) : new Pointer(address).getByte(offset)) & 0xFF;
    }

    /** A pointer field, as an unsigned address: 8 bytes on x64/ARM64, 4 on x86 (zero-extended, never negative). */
    long pointer(long address, int offset) {
        return pointerSize == 8 ? word(address, offset) : Integer.toUnsignedLong((int) word(address, offset));
    }

    /** A signed pointer-sized field: time_t in IP_ADAPTER_INFO (32-bit on x86, 64-bit on x64/ARM64). */
    long timeT(long address, int offset) {
        return word(address, offset);
    }

    private long word(long address, int offset) {
        if (pointerSize == 8) {
            int at = inside(address, offset, 8);
            return at >= 0 ? bytes.getLong(at) : new Pointer(address).getLong(offset);
        }
        int at = inside(address, offset, 4);
        return at >= 0 ? bytes.getInt(at) : new Pointer(address).getInt(offset);
    }

    byte[] bytes(long address, int offset, int length) {
        int at = inside(address, offset, length);
        if (at < 0) {
            return new Pointer(address).getByteArray(offset, length);
        }
        byte[] out = new byte[length];
        bytes.get(at, out);
        return out;
    }

    /** A NUL-terminated char[] field of at most {@code max} bytes (ASCII in IP Helper: GUIDs, dotted quads). */
    String ansi(long address, int offset, int max) {
        byte[] b = bytes(address, offset, max);
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** The NUL-terminated ANSI string a pointer points to; "" for NULL. */
    String ansiAt(long pointer) {
        if (pointer == 0) {
            return "";
        }
        int at = inside(pointer, 0, 1);
        if (at < 0) {
            return WinStrings.ansi(new Pointer(pointer));
        }
        int end = at;
        while (end < memory.size() && bytes.get(end) != 0) {
            end++;
        }
        byte[] b = new byte[end - at];
        bytes.get(at, b);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** The NUL-terminated UTF-16 string a WCHAR pointer points to; "" for NULL. */
    String wideAt(long pointer) {
        if (pointer == 0) {
            return "";
        }
        int at = inside(pointer, 0, 2);
        if (at < 0) {
            return WinStrings.wide(new Pointer(pointer));
        }
        StringBuilder sb = new StringBuilder();
        for (int i = at; i + 2 <= memory.size() && sb.length() < WinStrings.MAX_WIDE; i += 2) {
            char c = bytes.getChar(i);
            if (c == 0) {
                break;
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** A WCHAR[] field of {@code units} code units, up to its NUL. */
    String wide(long address, int offset, int units) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < units; i++) {
            int at = inside(address, offset + 2 * i, 2);
            char c = at >= 0 ? bytes.getChar(at) : (char) new Pointer(address).getShort(offset + 2L * i);
            if (c == 0) {
                break;
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** Keeps the buffer reachable until its entries have been read: they live in its native memory. */
    void keepReachable() {
        java.lang.ref.Reference.reachabilityFence(memory);
    }
}
