package io.jenkins.plugins.dhcplease.windows.jna;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * The six iphlpapi.dll functions the binding needs (jna-platform has none of them). No {@code INSTANCE} field:
 * {@link WindowsNative#load()} loads the DLL when a client is created, never when a structure is built. Every
 * function returns its Win32 code; GetLastError is not involved.
 */
public interface IpHelperLibrary extends Library {
    int AF_INET = 2;
    int AF_INET6 = 23;
    /** TCP_TABLE_CLASS: every connection with its owner's pid (listeners too; the caller filters the state). */
    int TCP_TABLE_OWNER_PID_ALL = 5;
    int GAA_FLAG_SKIP_ANYCAST = 0x0002;
    int GAA_FLAG_SKIP_MULTICAST = 0x0004;
    int GAA_FLAG_SKIP_DNS_SERVER = 0x0008;
    int GAA_FLAG_INCLUDE_GATEWAYS = 0x0080;

    int GetAdaptersAddresses(int family, int flags, Pointer reserved, Pointer adapterAddresses, IntByReference size);

    int GetAdaptersInfo(Pointer adapterInfo, IntByReference size);

    int GetInterfaceInfo(Pointer ifTable, IntByReference size);

    /** {@code order} is a WINBOOL (0: unsorted); {@code reserved} must be 0. */
    int GetExtendedTcpTable(Pointer table, IntByReference size, int order, int af, int tableClass, int reserved);

    int IpReleaseAddress(IpAdapterIndexMap adapterInfo);

    int IpRenewAddress(IpAdapterIndexMap adapterInfo);
}
