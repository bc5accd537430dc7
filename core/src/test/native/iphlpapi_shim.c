/*
 * iphlpapi_shim: a stand-in for iphlpapi.dll and the two kernel32 functions the binding uses, so that the
 * real JNA binding (io.jenkins.plugins.dhcplease.windows) runs on Linux. Test sources only.
 *
 * Exports, with the exact Windows x64 structure layouts (checked by _Static_assert below and, at test time,
 * against the numbers mingw-w64's SDK headers give):
 *   GetAdaptersAddresses, GetAdaptersInfo, GetInterfaceInfo, GetExtendedTcpTable, IpReleaseAddress,
 *   IpRenewAddress, FormatMessageW, LocalFree, GetSystemDirectoryW
 * and, for the tests:
 *   int shim_load(const char *path)      load a scenario (NULL: empty); resets state and counters;
 *                                        0 = ok, -1 = cannot open, N > 0 = error on line N (see shim_error)
 *   const char *shim_error(void)         the last load error
 *   int shim_calls(const char *function) calls of an exported function since the last load
 *   int shim_adapter_calls(const char *function, const char *key)
 *                                        IpReleaseAddress/IpRenewAddress calls that named adapter <key>
 *   unsigned shim_layout(const char *name)  "TYPE.size" / "TYPE.member" of the shim's own structures
 *                                        (the names of layout_entries.h); 0xFFFFFFFF when unknown
 * Without shim_load, the scenario file named by the environment variable DHCP_LEASE_SHIM_SCENARIO is loaded
 * at the first call (no variable: no adapters).
 *
 * Scenario format: one statement per line; blank lines and lines starting with '#' are ignored.
 * "adapter KEY" starts an adapter (KEY names it in shim_adapter_calls); the lines after it describe it:
 *   name TEXT                 friendly name, UTF-8 (default: KEY)
 *   description TEXT          (default: "Shim adapter KEY")
 *   guid {XXXXXXXX-...}       (default: derived from the index)
 *   index N                   IfIndex (default: 10 + position)
 *   mac 00-15-5D-01-02-03     any separator or none
 *   type ethernet|wifi|loopback|tunnel|N   IfType (default ethernet = 6)
 *   status up|down|lower-down OperStatus 1, 2, 7 (default up)
 *   dhcp on|off               DHCPv4 enabled (default on)
 *   address A.B.C.D/P dhcp|manual|link-local [tentative]   repeatable
 *   gateway A.B.C.D           repeatable
 *   server A.B.C.D            DHCP server (default for DHCP adapters: 255.255.255.255, "not reached yet")
 *   lease OBTAINED EXPIRES    Unix seconds
 *   renew-address A.B.C.D/P   what a renew assigns (default: the last DHCP address, else 10.0.<index%256>.100/24)
 *   renew-server A.B.C.D      the server after a renew (default: server, else 10.0.<index%256>.1)
 *   renew-apipa               a renew ends with 169.254.<index%256>.7/16 (no server answered)
 *   renew-tentative           the renewed address stays tentative (DAD never finishes)
 *   release-code N / renew-code N    that call returns N for this adapter and changes nothing
 *   release-delay MS / renew-delay MS    that call blocks MS milliseconds before it acts
 *   hidden-from-interface-info       GetInterfaceInfo does not list the adapter; when it lists none at all it
 *                             answers NumAdapters = 0 and leaves a real-looking entry in Adapter[0] (the "undefined
 *                             data" of the documentation) that a correct caller never reads
 * Global statements:
 *   fail FUNCTION CODE        FUNCTION returns CODE whatever the input (FormatMessageW, GetSystemDirectoryW: 0)
 *   grow FUNCTION N           the next N calls of GetAdaptersAddresses/GetAdaptersInfo/GetInterfaceInfo that
 *                             pass a buffer find that the table grew: they get 111 (122) and a larger size
 *   message CODE TEXT         what FormatMessageW returns for CODE (others: 0, i.e. FormatMessageW fails)
 *   oversize FUNCTION N       every call of that table function (GetExtendedTcpTable included) answers "too small"
 *                             (111/122) and asks for N bytes, e.g. 4294967295
 *   tcp PID STATE LOCAL REMOTE   a GetExtendedTcpTable row (TCP_TABLE_OWNER_PID_ALL); STATE established, listen,
 *                             time-wait, close-wait... or the MIB_TCP_STATE number; LOCAL/REMOTE A.B.C.D:PORT or
 *                             [V6]:PORT / [V6%SCOPE]:PORT (the family of the row)
 *   sysdir TEXT               what GetSystemDirectoryW answers (default C:\Windows\system32)
 *
 * State is real: a release removes the DHCP and link-local addresses, the server and the lease times; a renew
 * assigns an address, a server and fresh lease times (obtained strictly later than before).
 * The shim does not model Windows' answers for adapters that are not DHCP-enabled: the engine never calls
 * release or renew for them, and the tests assert exactly that.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define EXPORT __attribute__((visibility("default")))

_Static_assert(sizeof(void *) == 8, "the shim reproduces the Windows x64 layouts: build it for a 64-bit host");

/* ---- Windows x64 structures, fixed-width types, names as in the SDK ---- */

typedef uint16_t WCHAR16;

typedef struct {
    uint16_t sin_family;
    uint16_t sin_port;
    uint8_t sin_addr[4];
    uint8_t sin_zero[8];
} SOCKADDR_IN;

typedef struct {
    void *lpSockaddr;
    int32_t iSockaddrLength;
} SOCKET_ADDRESS;

typedef struct {
    uint32_t Data1;
    uint16_t Data2;
    uint16_t Data3;
    uint8_t Data4[8];
} GUID;

typedef struct IP_ADAPTER_UNICAST_ADDRESS_LH {
    union {
        uint64_t Alignment;
        struct {
            uint32_t Length;
            uint32_t Flags;
        };
    };
    struct IP_ADAPTER_UNICAST_ADDRESS_LH *Next;
    SOCKET_ADDRESS Address;
    int32_t PrefixOrigin;
    int32_t SuffixOrigin;
    int32_t DadState;
    uint32_t ValidLifetime;
    uint32_t PreferredLifetime;
    uint32_t LeaseLifetime;
    uint8_t OnLinkPrefixLength;
} IP_ADAPTER_UNICAST_ADDRESS_LH;

typedef struct IP_ADAPTER_GATEWAY_ADDRESS_LH {
    union {
        uint64_t Alignment;
        struct {
            uint32_t Length;
            uint32_t Reserved;
        };
    };
    struct IP_ADAPTER_GATEWAY_ADDRESS_LH *Next;
    SOCKET_ADDRESS Address;
} IP_ADAPTER_GATEWAY_ADDRESS_LH;

typedef struct IP_ADAPTER_ADDRESSES_LH {
    union {
        uint64_t Alignment;
        struct {
            uint32_t Length;
            uint32_t IfIndex;
        };
    };
    struct IP_ADAPTER_ADDRESSES_LH *Next;
    char *AdapterName;
    IP_ADAPTER_UNICAST_ADDRESS_LH *FirstUnicastAddress;
    void *FirstAnycastAddress;
    void *FirstMulticastAddress;
    void *FirstDnsServerAddress;
    WCHAR16 *DnsSuffix;
    WCHAR16 *Description;
    WCHAR16 *FriendlyName;
    uint8_t PhysicalAddress[8];
    uint32_t PhysicalAddressLength;
    uint32_t Flags;
    uint32_t Mtu;
    uint32_t IfType;
    int32_t OperStatus;
    uint32_t Ipv6IfIndex;
    uint32_t ZoneIndices[16];
    void *FirstPrefix;
    uint64_t TransmitLinkSpeed;
    uint64_t ReceiveLinkSpeed;
    void *FirstWinsServerAddress;
    IP_ADAPTER_GATEWAY_ADDRESS_LH *FirstGatewayAddress;
    uint32_t Ipv4Metric;
    uint32_t Ipv6Metric;
    uint64_t Luid;
    SOCKET_ADDRESS Dhcpv4Server;
    uint32_t CompartmentId;
    GUID NetworkGuid;
    int32_t ConnectionType;
    int32_t TunnelType;
    SOCKET_ADDRESS Dhcpv6Server;
    uint8_t Dhcpv6ClientDuid[130];
    uint32_t Dhcpv6ClientDuidLength;
    uint32_t Dhcpv6Iaid;
    void *FirstDnsSuffix;
} IP_ADAPTER_ADDRESSES_LH;

typedef struct IP_ADDR_STRING {
    struct IP_ADDR_STRING *Next;
    char IpAddress[16];
    char IpMask[16];
    uint32_t Context;
} IP_ADDR_STRING;

typedef struct IP_ADAPTER_INFO {
    struct IP_ADAPTER_INFO *Next;
    uint32_t ComboIndex;
    char AdapterName[260];
    char Description[132];
    uint32_t AddressLength;
    uint8_t Address[8];
    uint32_t Index;
    uint32_t Type;
    uint32_t DhcpEnabled;
    IP_ADDR_STRING *CurrentIpAddress;
    IP_ADDR_STRING IpAddressList;
    IP_ADDR_STRING GatewayList;
    IP_ADDR_STRING DhcpServer;
    int32_t HaveWins;
    IP_ADDR_STRING PrimaryWinsServer;
    IP_ADDR_STRING SecondaryWinsServer;
    int64_t LeaseObtained; /* time_t: 64-bit on x64 */
    int64_t LeaseExpires;
} IP_ADAPTER_INFO;

typedef struct {
    uint32_t Index;
    WCHAR16 Name[128];
} IP_ADAPTER_INDEX_MAP;

typedef struct {
    int32_t NumAdapters;
    IP_ADAPTER_INDEX_MAP Adapter[1];
} IP_INTERFACE_INFO;

typedef struct {
    uint32_t dwState;
    uint8_t dwLocalAddr[4]; /* network order: the bytes of the address */
    uint32_t dwLocalPort;   /* network order in the low 16 bits */
    uint8_t dwRemoteAddr[4];
    uint32_t dwRemotePort;
    uint32_t dwOwningPid;
} MIB_TCPROW_OWNER_PID;

typedef struct {
    uint32_t dwNumEntries;
    MIB_TCPROW_OWNER_PID table[1];
} MIB_TCPTABLE_OWNER_PID;

typedef struct {
    uint8_t ucLocalAddr[16];
    uint32_t dwLocalScopeId;
    uint32_t dwLocalPort;
    uint8_t ucRemoteAddr[16];
    uint32_t dwRemoteScopeId;
    uint32_t dwRemotePort;
    uint32_t dwState;
    uint32_t dwOwningPid;
} MIB_TCP6ROW_OWNER_PID;

typedef struct {
    uint32_t dwNumEntries;
    MIB_TCP6ROW_OWNER_PID table[1];
} MIB_TCP6TABLE_OWNER_PID;

_Static_assert(sizeof(SOCKADDR_IN) == 16, "SOCKADDR_IN");
_Static_assert(sizeof(MIB_TCPROW_OWNER_PID) == 24, "MIB_TCPROW_OWNER_PID");
_Static_assert(sizeof(MIB_TCP6ROW_OWNER_PID) == 56, "MIB_TCP6ROW_OWNER_PID");
_Static_assert(sizeof(SOCKET_ADDRESS) == 16, "SOCKET_ADDRESS");
_Static_assert(sizeof(GUID) == 16, "GUID");
_Static_assert(sizeof(IP_ADAPTER_UNICAST_ADDRESS_LH) == 64, "IP_ADAPTER_UNICAST_ADDRESS_LH");
_Static_assert(sizeof(IP_ADAPTER_GATEWAY_ADDRESS_LH) == 32, "IP_ADAPTER_GATEWAY_ADDRESS_LH");
_Static_assert(sizeof(IP_ADAPTER_ADDRESSES_LH) == 448, "IP_ADAPTER_ADDRESSES_LH");
_Static_assert(offsetof(IP_ADAPTER_ADDRESSES_LH, FirstGatewayAddress) == 208, "FirstGatewayAddress");
_Static_assert(offsetof(IP_ADAPTER_ADDRESSES_LH, Dhcpv4Server) == 232, "Dhcpv4Server");
_Static_assert(offsetof(IP_ADAPTER_ADDRESSES_LH, FirstDnsSuffix) == 440, "FirstDnsSuffix");
_Static_assert(sizeof(IP_ADDR_STRING) == 48, "IP_ADDR_STRING");
_Static_assert(sizeof(IP_ADAPTER_INFO) == 704, "IP_ADAPTER_INFO");
_Static_assert(offsetof(IP_ADAPTER_INFO, DhcpServer) == 536, "DhcpServer");
_Static_assert(offsetof(IP_ADAPTER_INFO, LeaseObtained) == 688, "LeaseObtained");
_Static_assert(sizeof(IP_ADAPTER_INDEX_MAP) == 260, "IP_ADAPTER_INDEX_MAP");
_Static_assert(sizeof(IP_INTERFACE_INFO) == 264, "IP_INTERFACE_INFO");
_Static_assert(offsetof(IP_INTERFACE_INFO, Adapter) == 4, "IP_INTERFACE_INFO.Adapter");

/* ---- Win32 codes the shim returns ---- */
#define ERROR_SUCCESS 0
#define ERROR_INVALID_PARAMETER 87
#define ERROR_BUFFER_OVERFLOW 111
#define ERROR_INSUFFICIENT_BUFFER 122
#define ERROR_NO_DATA 232
#define AF_INET_ 2
#define AF_UNSPEC_ 0
#define GAA_FLAG_INCLUDE_GATEWAYS 0x80
#define FORMAT_MESSAGE_ALLOCATE_BUFFER 0x100

/* ---- scenario state ---- */
#define MAX_ADAPTERS 64
#define MAX_ADDRS 8
#define MAX_GATEWAYS 4
#define MAX_MESSAGES 32
#define TEXT_LEN 256

enum origin { ORIGIN_DHCP, ORIGIN_MANUAL, ORIGIN_LINK_LOCAL };

struct addr {
    uint8_t ip[4];
    int prefix;
    enum origin origin;
    int tentative;
};

struct adapter {
    char key[64];
    char name[TEXT_LEN];
    char description[TEXT_LEN];
    char guid[64];
    uint32_t index;
    uint8_t mac[8];
    int mac_len;
    uint32_t if_type;
    int32_t oper_status;
    int dhcp;
    struct addr addrs[MAX_ADDRS];
    int naddrs;
    uint8_t gateways[MAX_GATEWAYS][4];
    int ngateways;
    char server[16];
    int64_t lease_obtained, lease_expires;
    struct addr renew_addr;
    int has_renew_addr;
    char renew_server[16];
    int renew_apipa, renew_tentative;
    uint32_t release_code, renew_code;
    long release_delay_ms, renew_delay_ms;
    int hidden_from_interface_info;
    int release_calls, renew_calls;
};

enum fn { F_GAA, F_GAI, F_GII, F_TCP, F_RELEASE, F_RENEW, F_FORMAT, F_FREE, F_SYSDIR, F_COUNT };
static const char *const FN_NAMES[F_COUNT] = {"GetAdaptersAddresses", "GetAdaptersInfo", "GetInterfaceInfo",
                                              "GetExtendedTcpTable", "IpReleaseAddress", "IpRenewAddress",
                                              "FormatMessageW", "LocalFree", "GetSystemDirectoryW"};
/* what each table function answers when the buffer is too small */
static const uint32_t TOO_SMALL[F_COUNT] = {111, 111, 122, 122};

struct message {
    uint32_t code;
    char text[TEXT_LEN];
};

#define MAX_TCP 64
#define AF_INET6_ 23
#define TCP_TABLE_OWNER_PID_ALL_ 5

struct tcp_row {
    int v6;
    uint8_t local[16], remote[16];
    uint16_t local_port, remote_port;
    uint32_t scope, state, pid;
};

static struct {
    struct adapter adapters[MAX_ADAPTERS];
    int nadapters;
    uint32_t fail[F_COUNT];
    int grow[F_COUNT];
    int calls[F_COUNT];
    struct message messages[MAX_MESSAGES];
    int nmessages;
    struct tcp_row tcp[MAX_TCP];
    int ntcp;
    uint32_t oversize[F_COUNT];
    char sysdir[1024]; /* "sysdir TEXT": longer than MAX_PATH on purpose in a test */
    unsigned generation; /* bumped by every load: a call blocked across a load must not touch the new state */
} S;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int loaded;
static char load_error[512];

/* ---- helpers ---- */

static int fn_by_name(const char *name) {
    for (int i = 0; i < F_COUNT; i++) {
        if (strcmp(FN_NAMES[i], name) == 0) {
            return i;
        }
    }
    return -1;
}

static int parse_ipv4(const char *s, uint8_t out[4]) {
    unsigned a, b, c, d;
    char tail;
    if (sscanf(s, "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) != 4 || a > 255 || b > 255 || c > 255 || d > 255) {
        return -1;
    }
    out[0] = (uint8_t) a, out[1] = (uint8_t) b, out[2] = (uint8_t) c, out[3] = (uint8_t) d;
    return 0;
}

static int parse_cidr(const char *s, struct addr *a) {
    char ip[32];
    int prefix;
    if (sscanf(s, "%31[0-9.]/%d", ip, &prefix) != 2 || prefix < 0 || prefix > 32 || parse_ipv4(ip, a->ip) != 0) {
        return -1;
    }
    a->prefix = prefix;
    return 0;
}

static void format_ipv4(const uint8_t ip[4], char out[16]) {
    snprintf(out, 16, "%u.%u.%u.%u", ip[0], ip[1], ip[2], ip[3]);
}

static void format_mask(int prefix, char out[16]) {
    uint32_t m = prefix == 0 ? 0 : 0xFFFFFFFFu << (32 - prefix);
    uint8_t b[4] = {(uint8_t) (m >> 24), (uint8_t) (m >> 16), (uint8_t) (m >> 8), (uint8_t) m};
    format_ipv4(b, out);
}

/* UTF-8 to UTF-16LE (host order on little-endian x86-64/aarch64); returns units written, NUL included. */
static size_t utf16_from_utf8(const char *s, WCHAR16 *out) {
    size_t n = 0;
    const unsigned char *p = (const unsigned char *) s;
    while (*p) {
        uint32_t cp;
        if (*p < 0x80) {
            cp = *p++;
        } else if ((*p & 0xE0) == 0xC0 && p[1]) {
            cp = ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
            p += 2;
        } else if ((*p & 0xF0) == 0xE0 && p[1] && p[2]) {
            cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
            p += 3;
        } else if ((*p & 0xF8) == 0xF0 && p[1] && p[2] && p[3]) {
            cp = ((p[0] & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
            p += 4;
        } else {
            cp = 0xFFFD;
            p++;
        }
        if (cp >= 0x10000) {
            cp -= 0x10000;
            if (out) {
                out[n] = (WCHAR16) (0xD800 + (cp >> 10));
                out[n + 1] = (WCHAR16) (0xDC00 + (cp & 0x3FF));
            }
            n += 2;
        } else {
            if (out) {
                out[n] = (WCHAR16) cp;
            }
            n++;
        }
    }
    if (out) {
        out[n] = 0;
    }
    return n + 1;
}

static void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static void reset_state(void) {
    memset(&S.adapters, 0, sizeof S.adapters);
    S.nadapters = 0;
    memset(S.fail, 0, sizeof S.fail);
    memset(S.grow, 0, sizeof S.grow);
    memset(S.calls, 0, sizeof S.calls);
    S.nmessages = 0;
    S.ntcp = 0;
    memset(S.oversize, 0, sizeof S.oversize);
    snprintf(S.sysdir, sizeof S.sysdir, "C:\\Windows\\system32");
    S.generation++;
}

static void adapter_defaults(struct adapter *a, const char *key, int position) {
    memset(a, 0, sizeof *a);
    snprintf(a->key, sizeof a->key, "%s", key);
    snprintf(a->name, sizeof a->name, "%s", key);
    snprintf(a->description, sizeof a->description, "Shim adapter %s", key);
    a->index = 10 + (uint32_t) position;
    a->if_type = 6;
    a->oper_status = 1;
    a->dhcp = 1;
}

static void finish_adapter(struct adapter *a) {
    if (a->guid[0] == 0) {
        snprintf(a->guid, sizeof a->guid, "{00000000-0000-0000-0000-%012X}", a->index);
    }
    if (a->server[0] == 0 && a->dhcp) {
        snprintf(a->server, sizeof a->server, "255.255.255.255");
    }
    if (a->renew_server[0] == 0) {
        if (a->server[0] && strcmp(a->server, "255.255.255.255") != 0) {
            snprintf(a->renew_server, sizeof a->renew_server, "%s", a->server);
        } else {
            snprintf(a->renew_server, sizeof a->renew_server, "10.0.%u.1", a->index % 256);
        }
    }
    if (!a->has_renew_addr) {
        for (int i = 0; i < a->naddrs; i++) {
            if (a->addrs[i].origin == ORIGIN_DHCP) {
                a->renew_addr = a->addrs[i];
                a->has_renew_addr = 1;
            }
        }
    }
    if (!a->has_renew_addr) {
        uint8_t ip[4] = {10, 0, (uint8_t) (a->index % 256), 100};
        memcpy(a->renew_addr.ip, ip, 4);
        a->renew_addr.prefix = 24;
        a->has_renew_addr = 1;
    }
    a->renew_addr.origin = ORIGIN_DHCP;
    a->renew_addr.tentative = a->renew_tentative;
}

static int fail_line(int line, const char *what, const char *text) {
    snprintf(load_error, sizeof load_error, "line %d: %s: '%s'", line, what, text);
    return line;
}

static char *trim(char *s) {
    while (isspace((unsigned char) *s)) {
        s++;
    }
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char) e[-1])) {
        *--e = 0;
    }
    return s;
}

static int parse_uint(const char *s, unsigned long *out) {
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 0);
    if (errno || end == s || *trim(end) != 0) {
        return -1;
    }
    *out = v;
    return 0;
}

/* "A.B.C.D:PORT" or "[V6]:PORT" / "[V6%SCOPE]:PORT"; *v6 says which one it must be (-1: either; then set). */
static int parse_endpoint(const char *s, int *v6, uint8_t addr[16], uint16_t *port, uint32_t *scope) {
    char host[64];
    unsigned p, sc = 0;
    memset(addr, 0, 16);
    if (s[0] == '[') {
        const char *end = strchr(s, ']');
        if (end == NULL || end - s - 1 >= (long) sizeof host || sscanf(end, "]:%u", &p) != 1 || *v6 == 0) {
            return -1;
        }
        memcpy(host, s + 1, (size_t) (end - s - 1));
        host[end - s - 1] = 0;
        char *pct = strchr(host, '%');
        if (pct) {
            *pct = 0;
            sc = (unsigned) strtoul(pct + 1, NULL, 10);
        }
        if (inet_pton(AF_INET6, host, addr) != 1) {
            return -1;
        }
        *v6 = 1;
    } else {
        if (sscanf(s, "%63[0-9.]:%u", host, &p) != 2 || parse_ipv4(host, addr) != 0 || *v6 == 1) {
            return -1;
        }
        *v6 = 0;
    }
    if (p > 65535) {
        return -1;
    }
    *port = (uint16_t) p;
    *scope = sc;
    return 0;
}

static int parse_tcp(struct tcp_row *r, const char *state, const char *local, const char *remote) {
    static const char *const STATES[] = {"", "closed", "listen", "syn-sent", "syn-rcvd", "established", "fin-wait1",
                                         "fin-wait2", "close-wait", "closing", "last-ack", "time-wait", "delete-tcb"};
    unsigned long n;
    r->state = 0;
    for (unsigned i = 1; i < sizeof STATES / sizeof STATES[0]; i++) {
        if (strcmp(state, STATES[i]) == 0) {
            r->state = i;
        }
    }
    if (r->state == 0) {
        if (parse_uint(state, &n) != 0) {
            return -1;
        }
        r->state = (uint32_t) n;
    }
    int v6 = -1;
    uint32_t remote_scope;
    if (parse_endpoint(local, &v6, r->local, &r->local_port, &r->scope) != 0
        || parse_endpoint(remote, &v6, r->remote, &r->remote_port, &remote_scope) != 0) {
        return -1;
    }
    r->v6 = v6;
    return 0;
}

/* Parses one scenario into S (already reset). Returns 0, or the failing line number with load_error set. */
static int parse_scenario(FILE *f) {
    char buf[1024];
    int line = 0;
    struct adapter *cur = NULL;
    while (fgets(buf, sizeof buf, f)) {
        line++;
        char *s = trim(buf);
        if (*s == 0 || *s == '#') {
            continue;
        }
        char *rest = s;
        while (*rest && !isspace((unsigned char) *rest)) {
            rest++;
        }
        if (*rest) {
            *rest++ = 0;
        }
        rest = trim(rest);
        const char *kw = s;
        unsigned long n;

        if (strcmp(kw, "adapter") == 0) {
            if (*rest == 0) {
                return fail_line(line, "adapter needs a key", kw);
            }
            if (S.nadapters == MAX_ADAPTERS) {
                return fail_line(line, "too many adapters", rest);
            }
            if (cur) {
                finish_adapter(cur);
            }
            cur = &S.adapters[S.nadapters];
            adapter_defaults(cur, rest, S.nadapters);
            S.nadapters++;
        } else if (strcmp(kw, "fail") == 0 || strcmp(kw, "grow") == 0) {
            char fname[64], val[32];
            int fi;
            if (sscanf(rest, "%63s %31s", fname, val) != 2 || (fi = fn_by_name(fname)) < 0 || parse_uint(val, &n)) {
                return fail_line(line, "expected FUNCTION NUMBER", rest);
            }
            if (kw[0] == 'f') {
                S.fail[fi] = (uint32_t) n;
            } else {
                S.grow[fi] = (int) n;
            }
        } else if (strcmp(kw, "oversize") == 0) {
            char fname[64], val[32];
            int fi;
            if (sscanf(rest, "%63s %31s", fname, val) != 2 || (fi = fn_by_name(fname)) < 0 || fi > F_TCP
                || parse_uint(val, &n) || n > 0xFFFFFFFFul) {
                return fail_line(line, "expected TABLE-FUNCTION SIZE", rest);
            }
            S.oversize[fi] = (uint32_t) n;
        } else if (strcmp(kw, "sysdir") == 0) {
            snprintf(S.sysdir, sizeof S.sysdir, "%s", rest);
        } else if (strcmp(kw, "tcp") == 0) {
            char local[80], remote[80], state[32];
            unsigned long pid;
            if (S.ntcp == MAX_TCP || sscanf(rest, "%lu %31s %79s %79s", &pid, state, local, remote) != 4
                || parse_tcp(&S.tcp[S.ntcp], state, local, remote) != 0) {
                return fail_line(line, "expected PID STATE A.B.C.D:PORT|[V6%SCOPE]:PORT (twice), at most 64 rows", rest);
            }
            S.tcp[S.ntcp++].pid = (uint32_t) pid;
        } else if (strcmp(kw, "message") == 0) {
            char *text;
            n = strtoul(rest, &text, 0);
            if (text == rest || S.nmessages == MAX_MESSAGES) {
                return fail_line(line, "expected CODE TEXT", rest);
            }
            S.messages[S.nmessages].code = (uint32_t) n;
            snprintf(S.messages[S.nmessages].text, TEXT_LEN, "%s", trim(text));
            S.nmessages++;
        } else if (cur == NULL) {
            return fail_line(line, "adapter attribute before any 'adapter KEY' line", kw);
        } else if (strcmp(kw, "name") == 0) {
            snprintf(cur->name, sizeof cur->name, "%s", rest);
        } else if (strcmp(kw, "description") == 0) {
            snprintf(cur->description, sizeof cur->description, "%s", rest);
        } else if (strcmp(kw, "guid") == 0) {
            if (strlen(rest) != 38 || rest[0] != '{' || rest[37] != '}') {
                return fail_line(line, "guid must look like {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}", rest);
            }
            snprintf(cur->guid, sizeof cur->guid, "%s", rest);
        } else if (strcmp(kw, "index") == 0) {
            if (parse_uint(rest, &n)) {
                return fail_line(line, "index must be a number", rest);
            }
            cur->index = (uint32_t) n;
        } else if (strcmp(kw, "mac") == 0) {
            int len = 0, nibble = -1;
            for (const char *p = rest; *p; p++) {
                if (isxdigit((unsigned char) *p)) {
                    int v = isdigit((unsigned char) *p) ? *p - '0' : (tolower((unsigned char) *p) - 'a' + 10);
                    if (nibble < 0) {
                        nibble = v;
                    } else {
                        if (len == 8) {
                            return fail_line(line, "mac longer than 8 bytes", rest);
                        }
                        cur->mac[len++] = (uint8_t) (nibble << 4 | v);
                        nibble = -1;
                    }
                }
            }
            if (nibble >= 0) {
                return fail_line(line, "mac has an odd number of hex digits", rest);
            }
            cur->mac_len = len;
        } else if (strcmp(kw, "type") == 0) {
            if (strcmp(rest, "ethernet") == 0) {
                cur->if_type = 6;
            } else if (strcmp(rest, "wifi") == 0) {
                cur->if_type = 71;
            } else if (strcmp(rest, "loopback") == 0) {
                cur->if_type = 24;
            } else if (strcmp(rest, "tunnel") == 0) {
                cur->if_type = 131;
            } else if (parse_uint(rest, &n) == 0) {
                cur->if_type = (uint32_t) n;
            } else {
                return fail_line(line, "type is ethernet, wifi, loopback, tunnel or a number", rest);
            }
        } else if (strcmp(kw, "status") == 0) {
            if (strcmp(rest, "up") == 0) {
                cur->oper_status = 1;
            } else if (strcmp(rest, "down") == 0) {
                cur->oper_status = 2;
            } else if (strcmp(rest, "lower-down") == 0) {
                cur->oper_status = 7;
            } else {
                return fail_line(line, "status is up, down or lower-down", rest);
            }
        } else if (strcmp(kw, "dhcp") == 0) {
            if (strcmp(rest, "on") != 0 && strcmp(rest, "off") != 0) {
                return fail_line(line, "dhcp is on or off", rest);
            }
            cur->dhcp = strcmp(rest, "on") == 0;
        } else if (strcmp(kw, "address") == 0 || strcmp(kw, "renew-address") == 0) {
            char cidr[64], origin[32] = "dhcp", flag[32] = "";
            struct addr a = {0};
            if (sscanf(rest, "%63s %31s %31s", cidr, origin, flag) < 1 || parse_cidr(cidr, &a) != 0) {
                return fail_line(line, "expected A.B.C.D/PREFIX [dhcp|manual|link-local] [tentative]", rest);
            }
            if (strcmp(origin, "dhcp") == 0) {
                a.origin = ORIGIN_DHCP;
            } else if (strcmp(origin, "manual") == 0) {
                a.origin = ORIGIN_MANUAL;
            } else if (strcmp(origin, "link-local") == 0) {
                a.origin = ORIGIN_LINK_LOCAL;
            } else {
                return fail_line(line, "origin is dhcp, manual or link-local", origin);
            }
            if (flag[0] && strcmp(flag, "tentative") != 0) {
                return fail_line(line, "the only address flag is 'tentative'", flag);
            }
            a.tentative = flag[0] != 0;
            if (kw[0] == 'r') {
                cur->renew_addr = a;
                cur->has_renew_addr = 1;
            } else {
                if (cur->naddrs == MAX_ADDRS) {
                    return fail_line(line, "too many addresses", rest);
                }
                cur->addrs[cur->naddrs++] = a;
            }
        } else if (strcmp(kw, "gateway") == 0) {
            if (cur->ngateways == MAX_GATEWAYS || parse_ipv4(rest, cur->gateways[cur->ngateways]) != 0) {
                return fail_line(line, "expected A.B.C.D (at most 4 gateways)", rest);
            }
            cur->ngateways++;
        } else if (strcmp(kw, "server") == 0 || strcmp(kw, "renew-server") == 0) {
            uint8_t ip[4];
            if (parse_ipv4(rest, ip) != 0) {
                return fail_line(line, "expected A.B.C.D", rest);
            }
            snprintf(kw[0] == 's' ? cur->server : cur->renew_server, 16, "%s", rest);
        } else if (strcmp(kw, "lease") == 0) {
            long long o, e;
            if (sscanf(rest, "%lld %lld", &o, &e) != 2) {
                return fail_line(line, "expected OBTAINED EXPIRES (Unix seconds)", rest);
            }
            cur->lease_obtained = o;
            cur->lease_expires = e;
        } else if (strcmp(kw, "renew-apipa") == 0) {
            cur->renew_apipa = 1;
        } else if (strcmp(kw, "renew-tentative") == 0) {
            cur->renew_tentative = 1;
        } else if (strcmp(kw, "hidden-from-interface-info") == 0) {
            cur->hidden_from_interface_info = 1;
        } else if (strcmp(kw, "release-code") == 0 || strcmp(kw, "renew-code") == 0) {
            if (parse_uint(rest, &n)) {
                return fail_line(line, "expected a Win32 code", rest);
            }
            *(kw[2] == 'l' ? &cur->release_code : &cur->renew_code) = (uint32_t) n;
        } else if (strcmp(kw, "release-delay") == 0 || strcmp(kw, "renew-delay") == 0) {
            if (parse_uint(rest, &n)) {
                return fail_line(line, "expected milliseconds", rest);
            }
            *(kw[2] == 'l' ? &cur->release_delay_ms : &cur->renew_delay_ms) = (long) n;
        } else {
            return fail_line(line, "unknown statement", kw);
        }
    }
    if (cur) {
        finish_adapter(cur);
    }
    return 0;
}

static int load_locked(const char *path) {
    reset_state();
    load_error[0] = 0;
    loaded = 1;
    if (path == NULL || *path == 0) {
        return 0;
    }
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        snprintf(load_error, sizeof load_error, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    int rc = parse_scenario(f);
    fclose(f);
    if (rc != 0) {
        reset_state(); /* a half-read scenario must not be played */
    }
    return rc;
}

/* Every export starts here: loads the environment's scenario on first use and counts the call. */
static void enter(enum fn f) {
    pthread_mutex_lock(&lock);
    if (!loaded) {
        if (load_locked(getenv("DHCP_LEASE_SHIM_SCENARIO")) != 0) {
            fprintf(stderr, "iphlpapi_shim: DHCP_LEASE_SHIM_SCENARIO: %s\n", load_error);
        }
    }
    S.calls[f]++;
}

static void leave(void) {
    pthread_mutex_unlock(&lock);
}

/* Enters a table function: the forced code, or 87 for a NULL size, ends the call before any work (0: go on). */
static uint32_t enter_table(enum fn f, uint32_t *size) {
    enter(f);
    if (S.fail[f]) {
        return S.fail[f];
    }
    if (size != NULL && S.oversize[f]) {
        *size = S.oversize[f]; /* "too small, I need this much", whatever was passed */
        return TOO_SMALL[f];
    }
    return size == NULL ? ERROR_INVALID_PARAMETER : ERROR_SUCCESS;
}

static int is_loopback(const struct adapter *a) {
    return a->if_type == 24;
}

/* "grow": a caller that passes a buffer finds the table bigger than the size it was given. */
static int grown(enum fn f, uint32_t given, uint32_t *required) {
    if (S.grow[f] > 0) {
        S.grow[f]--;
        *required = given + 512;
        return 1;
    }
    return 0;
}

/* ---- IP Helper exports ---- */

EXPORT uint32_t GetAdaptersAddresses(uint32_t family, uint32_t flags, void *reserved, IP_ADAPTER_ADDRESSES_LH *out,
                                     uint32_t *size) {
    (void) reserved;
    uint32_t rc = enter_table(F_GAA, size);
    if (rc == ERROR_SUCCESS && family != AF_INET_ && family != AF_UNSPEC_) {
        rc = ERROR_INVALID_PARAMETER;
    }
    if (rc != ERROR_SUCCESS) {
        goto done;
    }
    if (S.nadapters == 0) {
        rc = ERROR_NO_DATA;
        goto done;
    }
    int gateways = (flags & GAA_FLAG_INCLUDE_GATEWAYS) != 0;
    size_t need = 0;
    for (int i = 0; i < S.nadapters; i++) {
        const struct adapter *a = &S.adapters[i];
        need += sizeof(IP_ADAPTER_ADDRESSES_LH) + a->naddrs * (sizeof(IP_ADAPTER_UNICAST_ADDRESS_LH) + sizeof(SOCKADDR_IN));
        if (gateways) {
            need += a->ngateways * (sizeof(IP_ADAPTER_GATEWAY_ADDRESS_LH) + sizeof(SOCKADDR_IN));
        }
        need += 2 * (utf16_from_utf8(a->name, NULL) + utf16_from_utf8(a->description, NULL) + 1);
        need += strlen(a->guid) + 1;
        need = (need + 7) & ~(size_t) 7;
    }
    uint32_t required = (uint32_t) need;
    if (out == NULL || *size < required || (out != NULL && grown(F_GAA, *size, &required))) {
        *size = required;
        rc = ERROR_BUFFER_OVERFLOW;
        goto done;
    }
    memset(out, 0, required);
    IP_ADAPTER_ADDRESSES_LH *heads = out;
    char *p = (char *) (heads + S.nadapters);
    for (int i = 0; i < S.nadapters; i++) {
        const struct adapter *a = &S.adapters[i];
        IP_ADAPTER_ADDRESSES_LH *h = &heads[i];
        h->Length = sizeof *h;
        h->IfIndex = a->index;
        h->Next = i + 1 < S.nadapters ? &heads[i + 1] : NULL;
        memcpy(h->PhysicalAddress, a->mac, 8);
        h->PhysicalAddressLength = (uint32_t) a->mac_len;
        h->Flags = 0x80 | (a->dhcp ? 0x04 : 0);
        h->Mtu = 1500;
        h->IfType = a->if_type;
        h->OperStatus = a->oper_status;
        h->Luid = ((uint64_t) a->if_type << 48) | a->index;
        h->TransmitLinkSpeed = h->ReceiveLinkSpeed = 1000000000ull;
        IP_ADAPTER_UNICAST_ADDRESS_LH *prev = NULL;
        for (int k = 0; k < a->naddrs; k++) {
            IP_ADAPTER_UNICAST_ADDRESS_LH *u = (IP_ADAPTER_UNICAST_ADDRESS_LH *) p;
            p += sizeof *u;
            SOCKADDR_IN *sa = (SOCKADDR_IN *) p;
            p += sizeof *sa;
            const struct addr *ad = &a->addrs[k];
            sa->sin_family = AF_INET_;
            memcpy(sa->sin_addr, ad->ip, 4);
            u->Length = sizeof *u;
            u->Address.lpSockaddr = sa;
            u->Address.iSockaddrLength = sizeof *sa;
            u->PrefixOrigin = ad->origin == ORIGIN_DHCP ? 3 : ad->origin == ORIGIN_MANUAL ? 1 : 2;
            u->SuffixOrigin = ad->origin == ORIGIN_DHCP ? 3 : ad->origin == ORIGIN_MANUAL ? 1 : 4;
            u->DadState = ad->tentative ? 1 : 4;
            u->ValidLifetime = u->PreferredLifetime = u->LeaseLifetime = 0xFFFFFFFFu;
            u->OnLinkPrefixLength = (uint8_t) ad->prefix;
            if (prev) {
                prev->Next = u;
            } else {
                h->FirstUnicastAddress = u;
            }
            prev = u;
        }
        if (gateways) {
            IP_ADAPTER_GATEWAY_ADDRESS_LH *gprev = NULL;
            for (int k = 0; k < a->ngateways; k++) {
                IP_ADAPTER_GATEWAY_ADDRESS_LH *g = (IP_ADAPTER_GATEWAY_ADDRESS_LH *) p;
                p += sizeof *g;
                SOCKADDR_IN *sa = (SOCKADDR_IN *) p;
                p += sizeof *sa;
                sa->sin_family = AF_INET_;
                memcpy(sa->sin_addr, a->gateways[k], 4);
                g->Length = sizeof *g;
                g->Address.lpSockaddr = sa;
                g->Address.iSockaddrLength = sizeof *sa;
                if (gprev) {
                    gprev->Next = g;
                } else {
                    h->FirstGatewayAddress = g;
                }
                gprev = g;
            }
        }
        h->FriendlyName = (WCHAR16 *) p;
        p += 2 * utf16_from_utf8(a->name, h->FriendlyName);
        h->Description = (WCHAR16 *) p;
        p += 2 * utf16_from_utf8(a->description, h->Description);
        h->DnsSuffix = (WCHAR16 *) p; /* empty string */
        p += 2;
        h->AdapterName = p;
        p += strlen(a->guid) + 1;
        memcpy(h->AdapterName, a->guid, strlen(a->guid) + 1);
        p = (char *) (((uintptr_t) p + 7) & ~(uintptr_t) 7);
    }
    rc = ERROR_SUCCESS;
done:
    leave();
    return rc;
}

static void set_addr_string(IP_ADDR_STRING *s, const char *ip, const char *mask) {
    snprintf(s->IpAddress, sizeof s->IpAddress, "%s", ip);
    snprintf(s->IpMask, sizeof s->IpMask, "%s", mask);
}

EXPORT uint32_t GetAdaptersInfo(IP_ADAPTER_INFO *out, uint32_t *size) {
    uint32_t rc = enter_table(F_GAI, size);
    if (rc != ERROR_SUCCESS) {
        goto done;
    }
    int n = 0, extra = 0;
    for (int i = 0; i < S.nadapters; i++) {
        if (!is_loopback(&S.adapters[i])) {
            n++;
            extra += (S.adapters[i].naddrs > 1 ? S.adapters[i].naddrs - 1 : 0)
                     + (S.adapters[i].ngateways > 1 ? S.adapters[i].ngateways - 1 : 0);
        }
    }
    if (n == 0) {
        rc = ERROR_NO_DATA;
        goto done;
    }
    uint32_t required = (uint32_t) (n * sizeof(IP_ADAPTER_INFO) + extra * sizeof(IP_ADDR_STRING));
    if (out == NULL || *size < required || grown(F_GAI, *size, &required)) {
        *size = required;
        rc = ERROR_BUFFER_OVERFLOW;
        goto done;
    }
    memset(out, 0, required);
    IP_ADDR_STRING *pool = (IP_ADDR_STRING *) (out + n);
    int j = 0;
    for (int i = 0; i < S.nadapters; i++) {
        const struct adapter *a = &S.adapters[i];
        if (is_loopback(a)) {
            continue;
        }
        IP_ADAPTER_INFO *info = &out[j];
        info->Next = j + 1 < n ? &out[j + 1] : NULL;
        info->ComboIndex = a->index;
        snprintf(info->AdapterName, sizeof info->AdapterName, "%s", a->guid);
        snprintf(info->Description, sizeof info->Description, "%s", a->description);
        info->AddressLength = (uint32_t) a->mac_len;
        memcpy(info->Address, a->mac, 8);
        info->Index = a->index;
        info->Type = a->if_type;
        info->DhcpEnabled = (uint32_t) a->dhcp;
        char ip[16], mask[16];
        set_addr_string(&info->IpAddressList, "0.0.0.0", "0.0.0.0");
        IP_ADDR_STRING *tail = NULL;
        for (int k = 0; k < a->naddrs; k++) {
            IP_ADDR_STRING *s = k == 0 ? &info->IpAddressList : pool++;
            format_ipv4(a->addrs[k].ip, ip);
            format_mask(a->addrs[k].prefix, mask);
            set_addr_string(s, ip, mask);
            if (tail) {
                tail->Next = s;
            }
            tail = s;
        }
        set_addr_string(&info->GatewayList, "0.0.0.0", "0.0.0.0");
        tail = NULL;
        for (int k = 0; k < a->ngateways; k++) {
            IP_ADDR_STRING *s = k == 0 ? &info->GatewayList : pool++;
            format_ipv4(a->gateways[k], ip);
            set_addr_string(s, ip, "255.255.255.255");
            if (tail) {
                tail->Next = s;
            }
            tail = s;
        }
        set_addr_string(&info->DhcpServer, a->server, "255.255.255.255");
        set_addr_string(&info->PrimaryWinsServer, "", "");
        set_addr_string(&info->SecondaryWinsServer, "", "");
        info->LeaseObtained = a->lease_obtained;
        info->LeaseExpires = a->lease_expires;
        j++;
    }
    rc = ERROR_SUCCESS;
done:
    leave();
    return rc;
}

static size_t device_name(const struct adapter *a, WCHAR16 out[128]) {
    char name[128];
    snprintf(name, sizeof name, "\\DEVICE\\TCPIP_%s", a->guid);
    return utf16_from_utf8(name, out);
}

EXPORT uint32_t GetInterfaceInfo(IP_INTERFACE_INFO *out, uint32_t *size) {
    uint32_t rc = enter_table(F_GII, size);
    if (rc != ERROR_SUCCESS) {
        goto done;
    }
    int n = 0, listed_anywhere = 0;
    const struct adapter *first_hidden = NULL;
    for (int i = 0; i < S.nadapters; i++) {
        const struct adapter *a = &S.adapters[i];
        listed_anywhere += !is_loopback(a);
        n += !is_loopback(a) && !a->hidden_from_interface_info;
        if (!is_loopback(a) && a->hidden_from_interface_info && first_hidden == NULL) {
            first_hidden = a;
        }
    }
    if (listed_anywhere == 0) {
        rc = ERROR_NO_DATA;
        goto done;
    }
    uint32_t required = (uint32_t) (offsetof(IP_INTERFACE_INFO, Adapter) + (n ? n : 1) * sizeof(IP_ADAPTER_INDEX_MAP));
    if (out == NULL || *size < required || grown(F_GII, *size, &required)) {
        *size = required;
        rc = ERROR_INSUFFICIENT_BUFFER;
        goto done;
    }
    memset(out, 0, required);
    out->NumAdapters = n;
    if (n == 0) {
        /* "When NumAdapters is 0, Adapter[0] holds undefined data": make it a trap, a real-looking entry */
        out->Adapter[0].Index = first_hidden->index;
        device_name(first_hidden, out->Adapter[0].Name);
    }
    int j = 0;
    for (int i = 0; i < S.nadapters; i++) {
        const struct adapter *a = &S.adapters[i];
        if (is_loopback(a) || a->hidden_from_interface_info) {
            continue;
        }
        out->Adapter[j].Index = a->index; /* entries past [0] lie beyond the declared array: 4 + 260*j */
        device_name(a, out->Adapter[j].Name);
        j++;
    }
    rc = ERROR_SUCCESS;
done:
    leave();
    return rc;
}

/* The rows of one family, in network byte order where Windows has them so (addresses, ports' low 16 bits). */
EXPORT uint32_t GetExtendedTcpTable(void *out, uint32_t *size, int32_t order, uint32_t af, uint32_t table_class,
                                    uint32_t reserved) {
    (void) order;
    uint32_t rc = enter_table(F_TCP, size);
    if (rc == ERROR_SUCCESS && ((af != AF_INET_ && af != AF_INET6_) || table_class != TCP_TABLE_OWNER_PID_ALL_
                                || reserved != 0)) {
        rc = ERROR_INVALID_PARAMETER; /* the shim models only what the binding asks for */
    }
    if (rc != ERROR_SUCCESS) {
        goto done;
    }
    int v6 = af == AF_INET6_;
    uint32_t n = 0;
    for (int i = 0; i < S.ntcp; i++) {
        n += S.tcp[i].v6 == v6;
    }
    size_t row = v6 ? sizeof(MIB_TCP6ROW_OWNER_PID) : sizeof(MIB_TCPROW_OWNER_PID);
    uint32_t required = (uint32_t) (offsetof(MIB_TCPTABLE_OWNER_PID, table) + (n ? n : 1) * row);
    if (out == NULL || *size < required || grown(F_TCP, *size, &required)) {
        *size = required;
        rc = ERROR_INSUFFICIENT_BUFFER;
        goto done;
    }
    memset(out, 0, required);
    *(uint32_t *) out = n;
    uint32_t j = 0;
    for (int i = 0; i < S.ntcp; i++) {
        const struct tcp_row *r = &S.tcp[i];
        if (r->v6 != v6) {
            continue;
        }
        uint32_t lp = (uint32_t) ((r->local_port >> 8) | ((r->local_port & 0xFF) << 8));
        uint32_t rp = (uint32_t) ((r->remote_port >> 8) | ((r->remote_port & 0xFF) << 8));
        if (v6) {
            MIB_TCP6ROW_OWNER_PID *t = &((MIB_TCP6TABLE_OWNER_PID *) out)->table[j];
            memcpy(t->ucLocalAddr, r->local, 16);
            memcpy(t->ucRemoteAddr, r->remote, 16);
            t->dwLocalScopeId = t->dwRemoteScopeId = r->scope;
            t->dwLocalPort = lp, t->dwRemotePort = rp, t->dwState = r->state, t->dwOwningPid = r->pid;
        } else {
            MIB_TCPROW_OWNER_PID *t = &((MIB_TCPTABLE_OWNER_PID *) out)->table[j];
            memcpy(t->dwLocalAddr, r->local, 4);
            memcpy(t->dwRemoteAddr, r->remote, 4);
            t->dwLocalPort = lp, t->dwRemotePort = rp, t->dwState = r->state, t->dwOwningPid = r->pid;
        }
        j++;
    }
    rc = ERROR_SUCCESS;
done:
    leave();
    return rc;
}

/* The adapter whose \DEVICE\TCPIP_{GUID} name the caller passed (ASCII case-insensitive), or NULL. */
static struct adapter *adapter_by_device_name(const IP_ADAPTER_INDEX_MAP *map) {
    for (int i = 0; i < S.nadapters; i++) {
        WCHAR16 expect[128];
        device_name(&S.adapters[i], expect);
        int k = 0;
        while (k < 128 && expect[k] && map->Name[k] && tolower(expect[k]) == tolower(map->Name[k])) {
            k++;
        }
        if (k < 128 && expect[k] == 0 && map->Name[k] == 0) {
            return &S.adapters[i];
        }
    }
    return NULL;
}

static void drop_addresses(struct adapter *a, int also_link_local) {
    int j = 0;
    for (int k = 0; k < a->naddrs; k++) {
        int drop = a->addrs[k].origin == ORIGIN_DHCP || (also_link_local && a->addrs[k].origin == ORIGIN_LINK_LOCAL);
        if (!drop) {
            a->addrs[j++] = a->addrs[k];
        }
    }
    a->naddrs = j;
}

static void apply_release(struct adapter *a) {
    drop_addresses(a, 1);
    a->server[0] = 0;
    a->lease_obtained = a->lease_expires = 0;
}

static void apply_renew(struct adapter *a) {
    drop_addresses(a, 1);
    if (a->naddrs < MAX_ADDRS) {
        if (a->renew_apipa) {
            struct addr ll = {{169, 254, (uint8_t) (a->index % 256), 7}, 16, ORIGIN_LINK_LOCAL, 0};
            a->addrs[a->naddrs++] = ll;
        } else {
            a->addrs[a->naddrs++] = a->renew_addr;
        }
    }
    if (a->renew_apipa) {
        snprintf(a->server, sizeof a->server, "255.255.255.255");
        a->lease_obtained = a->lease_expires = 0;
        return;
    }
    memcpy(a->server, a->renew_server, sizeof a->server);
    int64_t now = (int64_t) time(NULL);
    a->lease_obtained = now > a->lease_obtained ? now : a->lease_obtained + 1;
    a->lease_expires = a->lease_obtained + 86400;
}

static uint32_t lease_call(enum fn f, const IP_ADAPTER_INDEX_MAP *map) {
    enter(f);
    int release = f == F_RELEASE;
    if (S.fail[f]) {
        uint32_t rc = S.fail[f];
        leave();
        return rc;
    }
    struct adapter *a = map ? adapter_by_device_name(map) : NULL;
    if (a == NULL) {
        leave();
        return ERROR_INVALID_PARAMETER;
    }
    if (release) {
        a->release_calls++;
    } else {
        a->renew_calls++;
    }
    uint32_t code = release ? a->release_code : a->renew_code;
    long delay = release ? a->release_delay_ms : a->renew_delay_ms;
    unsigned generation = S.generation;
    ptrdiff_t slot = a - S.adapters;
    leave();
    if (delay > 0) {
        sleep_ms(delay); /* like IpRenewAddress waiting for the DHCP client service: uninterruptible */
    }
    if (code != 0) {
        return code;
    }
    pthread_mutex_lock(&lock);
    if (generation == S.generation) {
        if (release) {
            apply_release(&S.adapters[slot]);
        } else {
            apply_renew(&S.adapters[slot]);
        }
    }
    pthread_mutex_unlock(&lock);
    return ERROR_SUCCESS;
}

EXPORT uint32_t IpReleaseAddress(IP_ADAPTER_INDEX_MAP *map) {
    return lease_call(F_RELEASE, map);
}

EXPORT uint32_t IpRenewAddress(IP_ADAPTER_INDEX_MAP *map) {
    return lease_call(F_RENEW, map);
}

/* ---- kernel32 exports ---- */

EXPORT uint32_t FormatMessageW(uint32_t flags, const void *source, uint32_t id, uint32_t lang, WCHAR16 *buffer,
                               uint32_t n, void *args) {
    (void) source, (void) lang, (void) args;
    enter(F_FORMAT);
    const char *text = NULL;
    if (!S.fail[F_FORMAT]) {
        for (int i = 0; i < S.nmessages; i++) {
            if (S.messages[i].code == id) {
                text = S.messages[i].text;
            }
        }
    }
    uint32_t written = 0;
    if (text != NULL && buffer != NULL) {
        char withcrlf[TEXT_LEN + 3];
        snprintf(withcrlf, sizeof withcrlf, "%s\r\n", text); /* system messages end with CRLF */
        size_t units = utf16_from_utf8(withcrlf, NULL);
        if (flags & FORMAT_MESSAGE_ALLOCATE_BUFFER) {
            WCHAR16 *mem = malloc(units * 2);
            if (mem != NULL) {
                utf16_from_utf8(withcrlf, mem);
                *(WCHAR16 **) buffer = mem;
                written = (uint32_t) units - 1;
            }
        } else if (units <= n) {
            utf16_from_utf8(withcrlf, buffer);
            written = (uint32_t) units - 1;
        }
    }
    leave();
    return written;
}

/* Windows' contract: the length without the NUL when it fits, else the size needed with the NUL; 0 on failure. */
EXPORT uint32_t GetSystemDirectoryW(WCHAR16 *buffer, uint32_t n) {
    enter(F_SYSDIR);
    uint32_t rc;
    if (S.fail[F_SYSDIR]) {
        rc = 0;
    } else {
        size_t units = utf16_from_utf8(S.sysdir, NULL);
        if (buffer != NULL && units <= n) {
            utf16_from_utf8(S.sysdir, buffer);
            rc = (uint32_t) units - 1;
        } else {
            rc = (uint32_t) units;
        }
    }
    leave();
    return rc;
}

EXPORT void *LocalFree(void *mem) {
    enter(F_FREE);
    leave();
    free(mem);
    return NULL;
}

/* ---- test control ---- */

EXPORT int shim_load(const char *path) {
    pthread_mutex_lock(&lock);
    int rc = load_locked(path);
    pthread_mutex_unlock(&lock);
    return rc;
}

EXPORT const char *shim_error(void) {
    return load_error;
}

EXPORT int shim_calls(const char *function) {
    int f = fn_by_name(function);
    if (f < 0) {
        return -1;
    }
    pthread_mutex_lock(&lock);
    int n = S.calls[f];
    pthread_mutex_unlock(&lock);
    return n;
}

EXPORT int shim_adapter_calls(const char *function, const char *key) {
    int f = fn_by_name(function);
    int n = -1;
    pthread_mutex_lock(&lock);
    for (int i = 0; i < S.nadapters && (f == F_RELEASE || f == F_RENEW); i++) {
        if (strcmp(S.adapters[i].key, key) == 0) {
            n = f == F_RELEASE ? S.adapters[i].release_calls : S.adapters[i].renew_calls;
        }
    }
    pthread_mutex_unlock(&lock);
    return n;
}

#include "layout_entries.h"

struct layout_record {
    const char *name;
    uint32_t value;
};

#define SIZE(T) {#T ".size", (uint32_t) sizeof(T)},
#define OFF(T, m) {#T "." #m, (uint32_t) offsetof(T, m)},
static const struct layout_record SHIM_LAYOUT[] = {LAYOUT_ENTRIES};

EXPORT uint32_t shim_layout(const char *name) {
    for (size_t i = 0; i < sizeof SHIM_LAYOUT / sizeof SHIM_LAYOUT[0]; i++) {
        if (strcmp(SHIM_LAYOUT[i].name, name) == 0) {
            return SHIM_LAYOUT[i].value;
        }
    }
    return 0xFFFFFFFFu;
}
