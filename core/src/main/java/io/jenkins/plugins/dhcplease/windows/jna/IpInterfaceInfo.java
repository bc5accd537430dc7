package io.jenkins.plugins.dhcplease.windows.jna;

import com.sun.jna.Structure.FieldOrder;

/**
 * {@code IP_INTERFACE_INFO} (ipexport.h) with its declared single entry. Only its layout is used: a real table
 * holds {@code NumAdapters} entries, read at {@link #entryOffset(int)} from the raw buffer.
 */
@FieldOrder({"NumAdapters", "Adapter"})
public final class IpInterfaceInfo extends WinStructure {
    public int NumAdapters;
    public IpAdapterIndexMap[] Adapter = new IpAdapterIndexMap[1];

    private static final int HEADER = new IpInterfaceInfo().offsetOf("Adapter");
    private static final int ENTRY = new IpAdapterIndexMap().size();

    public IpInterfaceInfo() {
        Adapter[0] = new IpAdapterIndexMap();
    }

    /** Offset of entry {@code i} in a GetInterfaceInfo buffer: 4 + 260·i. */
    public static long entryOffset(int i) {
        return HEADER + (long) ENTRY * i;
    }

    /** The entries a buffer of {@code bytes} can hold: a bound on a count the buffer cannot back. */
    public static int capacity(long bytes) {
        return (int) Math.max(0, (bytes - HEADER) / ENTRY);
    }
}
