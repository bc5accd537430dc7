package io.jenkins.plugins.dhcplease.windows;

import io.jenkins.plugins.dhcplease.windows.jna.IpAdapterIndexMap;
import io.jenkins.plugins.dhcplease.windows.jna.IpHelperLibrary;
import io.jenkins.plugins.dhcplease.windows.jna.IpInterfaceInfo;
import io.jenkins.plugins.dhcplease.windows.jna.WinStrings;
import java.util.Locale;
import java.util.Optional;

/** GetInterfaceInfo: the {@code \DEVICE\TCPIP_{GUID}} names that IpReleaseAddress/IpRenewAddress select by. */
final class InterfaceNames {
    static final int ERROR_INSUFFICIENT_BUFFER = 122;
    /** Room for four adapters: most machines answer on the first call. */
    private static final int INITIAL_BYTES = (int) IpInterfaceInfo.entryOffset(4);
    private static final int NUM_ADAPTERS = new IpInterfaceInfo().offsetOf("NumAdapters");
    private static final int INDEX = new IpAdapterIndexMap().offsetOf("Index");
    private static final int NAME = new IpAdapterIndexMap().offsetOf("Name");

    /** GetInterfaceInfo did not answer 0. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final int code;
        /** The answer, for its cause (a code, or an absurd size). */
        final transient GrowingBuffer.Result result;

        Failure(GrowingBuffer.Result result) {
            super("GetInterfaceInfo returned " + result.code());
            this.code = result.code();
            this.result = result;
        }
    }

    private final IpHelperLibrary ipHelper;

    InterfaceNames(IpHelperLibrary ipHelper) {
        this.ipHelper = ipHelper;
    }

    /** The entry whose name ends in {@code guid} ({@code {...}}), as a structure of its own; empty when none. */
    Optional<IpAdapterIndexMap> find(String guid) throws Failure {
        GrowingBuffer.Result r = GrowingBuffer.fill(INITIAL_BYTES, ERROR_INSUFFICIENT_BUFFER, ipHelper::GetInterfaceInfo);
        if (r.code() == AdapterInventory.ERROR_NO_DATA) {
            return Optional.empty(); // no IPv4 adapter at all, so not this one
        }
        if (r.code() != 0) {
            throw new Failure(r);
        }
        NativeBuffer table = new NativeBuffer(r.buffer());
        try {
            // NumAdapters == 0 leaves Adapter[0] undefined: the loop then reads nothing
            int count = Math.min(table.i32(table.first(), NUM_ADAPTERS), IpInterfaceInfo.capacity(r.buffer().size()));
            String suffix = "_" + guid.toUpperCase(Locale.ROOT);
            for (int i = 0; i < count; i++) {
                int entry = (int) IpInterfaceInfo.entryOffset(i);
                String name = table.wide(table.first(), entry + NAME, IpAdapterIndexMap.MAX_ADAPTER_NAME);
                if (name.toUpperCase(Locale.ROOT).endsWith(suffix)) {
                    IpAdapterIndexMap map = new IpAdapterIndexMap();
                    map.Index = table.i32(table.first(), entry + INDEX);
                    WinStrings.putWide(name, map.Name);
                    // written once here; the call only reads it, so JNA need not re-write or read it back per call
                    map.write();
                    map.setAutoSynch(false);
                    return Optional.of(map);
                }
            }
            return Optional.empty();
        } finally {
            table.keepReachable();
        }
    }
}
