package io.jenkins.plugins.dhcplease.windows.jna;

import com.sun.jna.Structure.FieldOrder;

/**
 * {@code IP_ADAPTER_INDEX_MAP} (ipexport.h): what IpReleaseAddress/IpRenewAddress take. Only {@code Name}
 * ({@code \DEVICE\TCPIP_{GUID}}) selects the adapter. WCHAR is 16-bit: a short[], never JNA's char[] (4 bytes on
 * Linux).
 */
@FieldOrder({"Index", "Name"})
public final class IpAdapterIndexMap extends WinStructure {
    public static final int MAX_ADAPTER_NAME = 128;

    public int Index;
    public short[] Name = new short[MAX_ADAPTER_NAME];

    public IpAdapterIndexMap() {
    }
}
