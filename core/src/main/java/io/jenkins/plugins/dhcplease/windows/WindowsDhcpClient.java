package io.jenkins.plugins.dhcplease.windows;

import io.jenkins.plugins.dhcplease.engine.Deadline;
import io.jenkins.plugins.dhcplease.engine.DhcpClient;
import io.jenkins.plugins.dhcplease.engine.OperationResult;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import io.jenkins.plugins.dhcplease.model.TcpConnection;
import io.jenkins.plugins.dhcplease.windows.jna.IpAdapterIndexMap;
import io.jenkins.plugins.dhcplease.windows.jna.WindowsNative;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * The Windows backend: the IP Helper API through JNA. Holds no rules (the engine selects, checks and waits); each
 * release/renew is one blocking IpReleaseAddress/IpRenewAddress call that the engine runs on a thread of its own.
 */
public final class WindowsDhcpClient implements DhcpClient {
    static final int ERROR_NOT_FOUND = 1168;

    private final WindowsNative natives;
    private final Win32Errors errors;
    private final AdapterInventory inventory;
    private final InterfaceNames interfaceNames;
    private final TcpConnections connections;

    public WindowsDhcpClient(WindowsNative natives) {
        this.natives = natives;
        this.errors = new Win32Errors(natives.kernel32());
        this.inventory = new AdapterInventory(natives.ipHelper(), errors);
        this.interfaceNames = new InterfaceNames(natives.ipHelper());
        this.connections = new TcpConnections(natives.ipHelper(), errors);
    }

    /** The binding over iphlpapi.dll, or over the library that {@value WindowsNative#PROPERTY} names. */
    public static DhcpClient create() throws LeaseException {
        return new WindowsDhcpClient(WindowsNative.load());
    }

    @Override
    public List<NetworkAdapter> adapters() throws LeaseException {
        return inventory.read();
    }

    /** GetExtendedTcpTable, IPv4 and IPv6: the established connections whose owner is {@code pid}. */
    @Override
    public List<TcpConnection> connectionsOf(long pid) throws LeaseException {
        return connections.of(pid);
    }

    @Override
    public OperationResult release(NetworkAdapter adapter, Deadline deadline) {
        return call("IpReleaseAddress", adapter, map -> natives.ipHelper().IpReleaseAddress(map));
    }

    @Override
    public OperationResult renew(NetworkAdapter adapter, Deadline deadline) {
        return call("IpRenewAddress", adapter, map -> natives.ipHelper().IpRenewAddress(map));
    }

    /** IpRenewAddress returns once the DHCP client service has the new lease (or has given up). */
    @Override
    public boolean renewConfirmedOnReturn() {
        return true;
    }

    private OperationResult call(String function, NetworkAdapter adapter, ToIntFunction<IpAdapterIndexMap> fn) {
        Optional<IpAdapterIndexMap> map;
        try {
            map = interfaceNames.find(adapter.id());
        } catch (InterfaceNames.Failure f) {
            return OperationResult.failed(f.code, "GetInterfaceInfo failed while looking up " + adapter.label()
                    + " for " + function + "; nothing was changed. " + (f.result.oversize() != 0
                            ? f.result.cause("GetInterfaceInfo", errors) : errors.describe(f.code)));
        }
        if (map.isEmpty()) {
            return OperationResult.failed(ERROR_NOT_FOUND, adapter.label() + " " + adapter.id() + " is not among the"
                    + " IPv4 adapters of GetInterfaceInfo, so " + function + " cannot name it; nothing was changed. "
                    + errors.describe(ERROR_NOT_FOUND));
        }
        int code = fn.applyAsInt(map.get());
        return code == 0 ? OperationResult.OK
                : OperationResult.failed(code, function + " failed for " + adapter.label() + ": " + errors.describe(code));
    }
}
