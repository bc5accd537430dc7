package io.jenkins.plugins.dhcplease.windows.jna;

import com.sun.jna.Structure;
import java.util.List;

/**
 * Base of every IP Helper structure: MSVC alignment whatever the host, so the layout is the Windows one on any
 * machine with the same pointer size (the test shim on Linux x86-64 sees the Windows x64 layout). The structures
 * define the layout and are passed to calls (IP_ADAPTER_INDEX_MAP); the tables the OS writes are read at their
 * offsets by {@code NativeBuffer}, without JNA's per-field reflection.
 */
public abstract class WinStructure extends Structure {

    protected WinStructure() {
        super(ALIGN_MSVC);
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
}
