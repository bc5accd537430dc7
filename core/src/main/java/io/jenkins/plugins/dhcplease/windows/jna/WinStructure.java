package io.jenkins.plugins.dhcplease.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.util.List;

/**
 * Base of every IP Helper structure: MSVC alignment whatever the host, so the layout is the Windows one on any
 * machine with the same pointer size (the test shim on Linux x86-64 sees the Windows x64 layout).
 */
public abstract class WinStructure extends Structure {

    protected WinStructure() {
        super(ALIGN_MSVC);
    }

    protected WinStructure(Pointer p) {
        super(p, ALIGN_MSVC);
    }

    /**
     * Structures that open with {@code union { ULONGLONG Alignment; struct { ULONG Length; ... }; }} are 8-byte
     * aligned even where pointers are 4 bytes (x86): they return 8 so that JNA pads them like MSVC does.
     */
    protected int headAlignment() {
        return 1;
    }

    @Override
    protected int getNativeAlignment(Class<?> type, Object value, boolean isFirstElement) {
        int alignment = super.getNativeAlignment(type, value, isFirstElement);
        return isFirstElement ? Math.max(alignment, headAlignment()) : alignment;
    }

    /** The field's offset: public for the layout tests, which compare it with the Windows SDK's offsetof. */
    public int offsetOf(String field) {
        return fieldOffset(field);
    }

    /** The declared fields in layout order. */
    public List<String> fields() {
        return getFieldOrder();
    }

    /**
     * Reads only the fields that lie within the first {@code length} bytes: a structure whose {@code Length} says
     * the OS filled an older, shorter revision must not be read past its end.
     */
    protected void readPrefix(int length) {
        List<String> order = getFieldOrder();
        for (int i = 0; i < order.size(); i++) {
            int end = i + 1 < order.size() ? fieldOffset(order.get(i + 1)) : size();
            if (end <= length) {
                readField(order.get(i));
            }
        }
    }
}
