package io.jenkins.plugins.dhcplease.windows;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import io.jenkins.plugins.dhcplease.windows.jna.Kernel32Library;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One user-facing sentence per Win32 code, always with the number. Codes that users of release/renew meet get a
 * sentence that says what to do; any other code gets Windows' own text through FormatMessageW.
 */
public final class Win32Errors {

    private static final String ELEVATE = "Releasing or renewing a DHCP lease needs Administrator rights: run the"
            + " Jenkins agent as a Windows service (LocalSystem has them) or start it from an elevated command prompt"
            + " (Run as administrator).";

    private static final Map<Integer, String> KNOWN = Map.ofEntries(
            Map.entry(2, "ERROR_FILE_NOT_FOUND: Windows has no DHCP data for this adapter; it may have been removed"
                    + " or renamed since the adapters were listed. List the adapters again (ipconfig /all) and retry."),
            Map.entry(5, "ERROR_ACCESS_DENIED: the agent is not elevated. " + ELEVATE),
            Map.entry(31, "ERROR_GEN_FAILURE: the adapter's driver or the DHCP Client service failed the request. Check"
                    + " that the adapter is enabled and connected and that the DHCP Client service (Dhcp) is running,"
                    + " then retry."),
            Map.entry(50, "ERROR_NOT_SUPPORTED: Windows does not support a DHCP release or renew on this adapter (Wine"
                    + " always answers this). Check that the adapter is DHCP-enabled and that the DHCP Client service"
                    + " (Dhcp) is running."),
            Map.entry(87, "ERROR_INVALID_PARAMETER: Windows did not accept the adapter name \\DEVICE\\TCPIP_{GUID};"
                    + " the adapter may have been disabled, removed or re-created since it was listed. List the"
                    + " adapters again and retry."),
            Map.entry(111, "ERROR_BUFFER_OVERFLOW: the adapter table kept growing while it was read (adapters are"
                    + " appearing: VPN, Hyper-V or WSL starting?). Retry once they have settled."),
            Map.entry(121, "ERROR_SEM_TIMEOUT: no DHCP server answered in time. Check that the adapter is connected to"
                    + " a network with a reachable DHCP server; a release first (releaseFirst) makes the request a"
                    + " broadcast that any server may answer."),
            Map.entry(122, "ERROR_INSUFFICIENT_BUFFER: the interface table kept growing while it was read (adapters are"
                    + " appearing). Retry once they have settled."),
            Map.entry(123, "ERROR_INVALID_NAME: Windows rejected the adapter name; it must be \\DEVICE\\TCPIP_{GUID}"
                    + " as GetInterfaceInfo reports it. List the adapters again and retry."),
            Map.entry(127, "the DHCP client's request failed (ERROR_PROC_NOT_FOUND: an exception occurred during the"
                    + " request to DHCP). Check that the DHCP Client service (Dhcp) is running and read the System event"
                    + " log (source Dhcp-Client), then retry."),
            Map.entry(232, "ERROR_NO_DATA: Windows reports no IPv4-enabled adapter. Enable the adapter and IPv4 on it"
                    + " (ncpa.cpl, adapter Properties, Internet Protocol Version 4)."),
            Map.entry(740, "ERROR_ELEVATION_REQUIRED: the agent is not elevated. " + ELEVATE),
            Map.entry(1168, "ERROR_NOT_FOUND: the adapter is not in Windows' list of IPv4 adapters (GetInterfaceInfo);"
                    + " it may be disabled, removed, or have IPv4 turned off. List the adapters again and check the"
                    + " adapter's state."),
            Map.entry(1228, "ERROR_ADDRESS_NOT_ASSOCIATED: no address is associated with the adapter yet. Wait until"
                    + " the adapter is connected and retry."),
            Map.entry(1231, "ERROR_NETWORK_UNREACHABLE: the network cannot be reached from this adapter. Check the cable"
                    + " or Wi-Fi connection and the adapter's state."),
            Map.entry(1460, "ERROR_TIMEOUT: the DHCP request timed out; no DHCP server answered in time. Check that the"
                    + " adapter is connected to a network with a reachable DHCP server, then retry."),
            Map.entry(4100, "ERROR_DHCP_ADDRESS_CONFLICT: the address the DHCP server offered is already used by another"
                    + " host on the network. Find the duplicate (arp -a, the switch or the DHCP server's log) or fix the"
                    + " server's scope and reservations, then renew again."));

    private final Kernel32Library kernel32;

    public Win32Errors(Kernel32Library kernel32) {
        this.kernel32 = kernel32;
    }

    /** "Win32 error N: ..." — the sentence for {@code code}. */
    public String describe(int code) {
        String known = KNOWN.get(code);
        if (known != null) {
            return "Win32 error " + code + ", " + known;
        }
        String system = systemText(code);
        return system == null ? "Win32 error " + code : "Win32 error " + code + ": " + system;
    }

    /** The codes that have a sentence of their own (every other code is described by Windows itself). */
    public static SortedSet<Integer> knownCodes() {
        return new TreeSet<>(KNOWN.keySet());
    }

    /** Windows' text for the code, or null when FormatMessageW has none. */
    private String systemText(int code) {
        PointerByReference buffer = new PointerByReference();
        int length;
        try {
            length = kernel32.FormatMessageW(Kernel32Library.FORMAT_MESSAGE_ALLOCATE_BUFFER
                    | Kernel32Library.FORMAT_MESSAGE_FROM_SYSTEM | Kernel32Library.FORMAT_MESSAGE_IGNORE_INSERTS,
                    null, code, 0, buffer, 0, null);
        } catch (UnsatisfiedLinkError e) {
            return null;
        }
        Pointer text = buffer.getValue();
        if (length <= 0 || text == null) {
            return null;
        }
        try {
            char[] chars = new char[length];
            for (int i = 0; i < length; i++) {
                chars[i] = (char) text.getShort(2L * i);
            }
            String s = new String(chars).strip();
            return s.isEmpty() ? null : s;
        } finally {
            kernel32.LocalFree(text);
        }
    }
}
