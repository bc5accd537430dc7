/*
 * iphlpapi_dumper.exe: records what a real IP Helper implementation (Wine's, in CI) answers, for replay into the
 * Java binding on Linux (iphlpapi_replay.c). Built with x86_64-w64-mingw32-gcc, run under Wine inside a network
 * namespace the test built. Test sources only.
 *
 *   iphlpapi_dumper.exe OUT.bin HOST4 PORT4 HOST6 PORT6
 *
 * Opens one TCP connection to HOST4:PORT4 and one to [HOST6]:PORT6 (a listener the test runs), then records:
 *   GetAdaptersAddresses(AF_INET, the binding's flags), GetAdaptersInfo, GetInterfaceInfo: a call with a buffer
 *     too small (the code and the size asked for) and the full answer;
 *   GetExtendedTcpTable(AF_INET and AF_INET6, TCP_TABLE_OWNER_PID_ALL): the same;
 *   IpReleaseAddress and IpRenewAddress of the first GetInterfaceInfo entry (Wine: stubs that answer 50);
 *   GetCurrentProcessId, the Windows pid the TCP rows name for this process.
 * Then prints "DUMPED" and waits (30 s at most) until the listener closes the connection, so that the test can
 * compare the tables with `ss -tnp` while the connections exist.
 *
 * Pointers: each table is read twice, into two buffers at different addresses; a pointer-sized word that differs
 * by exactly the distance between the buffers and points into the first one is a pointer into the table, and its
 * offset is recorded so that the replay can rebase it onto the caller's buffer. A word pointing into the buffer
 * that is not explained that way, or any other difference between the two answers, fails the dump.
 *
 * File format (little-endian), after the 8-byte magic "DLRPLY01", records of
 *   char function[32]; uint32 code, size_in, size_out, arg1, arg2; uint64 base; uint32 nbytes, npointers;
 *   uint8 bytes[nbytes]; uint32 pointer_offsets[npointers]
 */
#define _WIN32_WINNT 0x0A00
#define NTDDI_VERSION 0x0A000000
#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* what AdapterInventory passes: gateways included, anycast/multicast/DNS skipped */
#define BINDING_GAA_FLAGS (GAA_FLAG_INCLUDE_GATEWAYS | GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST \
                           | GAA_FLAG_SKIP_DNS_SERVER)

static FILE *out;

static void die(const char *what, unsigned long code) {
    fprintf(stderr, "iphlpapi_dumper: %s (%lu)\n", what, code);
    exit(2);
}

static void record(const char *function, uint32_t code, uint32_t size_in, uint32_t size_out, uint32_t arg1,
                   uint32_t arg2, const void *base, const uint8_t *bytes, uint32_t nbytes, const uint32_t *pointers,
                   uint32_t npointers) {
    char name[32] = {0};
    strncpy(name, function, sizeof name - 1);
    uint32_t head[5] = {code, size_in, size_out, arg1, arg2};
    uint64_t b = (uint64_t) (uintptr_t) base;
    uint32_t counts[2] = {nbytes, npointers};
    if (fwrite(name, 1, 32, out) != 32 || fwrite(head, 4, 5, out) != 5 || fwrite(&b, 8, 1, out) != 1
        || fwrite(counts, 4, 2, out) != 2 || (nbytes && fwrite(bytes, 1, nbytes, out) != nbytes)
        || (npointers && fwrite(pointers, 4, npointers, out) != npointers)) {
        die("cannot write the dump", 0);
    }
}

typedef ULONG (*table_fn)(void *buffer, ULONG *size, uint32_t arg1, uint32_t arg2);

static ULONG gaa(void *b, ULONG *s, uint32_t family, uint32_t flags) {
    return GetAdaptersAddresses(family, flags, NULL, b, s);
}

static ULONG gai(void *b, ULONG *s, uint32_t a1, uint32_t a2) {
    (void) a1, (void) a2;
    return GetAdaptersInfo(b, s);
}

static ULONG gii(void *b, ULONG *s, uint32_t a1, uint32_t a2) {
    (void) a1, (void) a2;
    return GetInterfaceInfo(b, s);
}

static ULONG tcp(void *b, ULONG *s, uint32_t af, uint32_t table_class) {
    DWORD size = *s;
    ULONG rc = GetExtendedTcpTable(b, &size, FALSE, af, (TCP_TABLE_CLASS) table_class, 0);
    *s = size;
    return rc;
}

/*
 * Records a too-small call (size `small`, NULL buffer when 0) and the full answer. With `twice`, the full answer is
 * read into two buffers to find its pointers (see the top); tables without pointers are read once.
 */
static void dump_table(const char *function, table_fn fn, uint32_t arg1, uint32_t arg2, ULONG small, int twice) {
    uint8_t *probe = small ? calloc(1, small) : NULL;
    ULONG size = small;
    ULONG rc = fn(probe, &size, arg1, arg2);
    record(function, rc, small, size, arg1, arg2, probe, NULL, 0, NULL, 0);
    free(probe);
    if (rc == 0 || rc == ERROR_NO_DATA) {
        return; /* nothing more to ask: recorded as is */
    }
    for (int attempt = 0; attempt < 5; attempt++) {
        /* exactly what was asked for first, so the replay asks for the same; then room for a growing table */
        ULONG need = attempt == 0 ? size : size + 4096;
        uint8_t *a = calloc(1, need), *b = calloc(1, need + 64);
        uint8_t *bb = b + 40; /* a different distance, and not the same alignment modulo 16 */
        ULONG sa = need, sb = need;
        ULONG ra = fn(a, &sa, arg1, arg2);
        ULONG rb = twice ? fn(bb, &sb, arg1, arg2) : ra;
        if (ra != 0 || rb != 0) {
            free(a), free(b);
            if (ra != ERROR_BUFFER_OVERFLOW && ra != ERROR_INSUFFICIENT_BUFFER) {
                record(function, ra, need, sa, arg1, arg2, NULL, NULL, 0, NULL, 0);
                return;
            }
            size = sa > sb ? sa : sb;
            continue;
        }
        uint32_t *pointers = malloc(sizeof(uint32_t) * (need / 8 + 1));
        uint32_t npointers = 0;
        if (twice) {
            intptr_t delta = (intptr_t) bb - (intptr_t) a;
            for (ULONG off = 0; off + 8 <= need; off++) {
                uint64_t wa, wb;
                memcpy(&wa, a + off, 8);
                memcpy(&wb, bb + off, 8);
                int into_a = wa >= (uint64_t) (uintptr_t) a && wa < (uint64_t) (uintptr_t) (a + need);
                if (into_a && wb == wa + (uint64_t) delta) {
                    pointers[npointers++] = off;
                    off += 7;
                } else if (into_a) {
                    fprintf(stderr, "iphlpapi_dumper: %s: word at %lu points into the buffer but is not rebased\n",
                            function, off);
                    exit(3);
                }
            }
            /* everything that is not a pointer must be the same in both answers */
            uint32_t k = 0;
            for (ULONG off = 0; off < need; off++) {
                if (k < npointers && off == pointers[k]) {
                    off += 7;
                    k++;
                } else if (a[off] != bb[off]) {
                    fprintf(stderr, "iphlpapi_dumper: %s: the two answers differ at byte %lu\n", function, off);
                    exit(3);
                }
            }
        }
        record(function, 0, need, sa, arg1, arg2, a, a, need, pointers, npointers);
        free(pointers);
        free(a), free(b);
        return;
    }
    die("the table kept growing", 0);
}

static SOCKET connect_to(int family, const char *host, const char *port) {
    struct addrinfo hints = {0}, *ai;
    hints.ai_family = family;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST;
    int rc = getaddrinfo(host, port, &hints, &ai);
    if (rc != 0) {
        die("getaddrinfo", (unsigned long) rc);
    }
    SOCKET s = socket(ai->ai_family, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET || connect(s, ai->ai_addr, (int) ai->ai_addrlen) != 0) {
        die("connect", (unsigned long) WSAGetLastError());
    }
    freeaddrinfo(ai);
    return s;
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: iphlpapi_dumper OUT.bin HOST4 PORT4 HOST6 PORT6\n");
        return 1;
    }
    WSADATA wsa;
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) {
        die("WSAStartup", 0);
    }
    SOCKET s4 = connect_to(AF_INET, argv[2], argv[3]);
    SOCKET s6 = connect_to(AF_INET6, argv[4], argv[5]);
    /* Wine connects in wineserver; a send brings the socket's Unix fd into this process, and only then does Wine's
       GetExtendedTcpTable find this process as the owner (otherwise its rows say pid 0) */
    if (send(s4, "4", 1, 0) != 1 || send(s6, "6", 1, 0) != 1) {
        die("send", (unsigned long) WSAGetLastError());
    }
    out = fopen(argv[1], "wb");
    if (out == NULL) {
        die("cannot open the output", 0);
    }
    fwrite("DLRPLY01", 1, 8, out);

    dump_table("GetAdaptersAddresses", gaa, AF_INET, BINDING_GAA_FLAGS, 64, 1);
    dump_table("GetAdaptersInfo", gai, 0, 0, 64, 1);
    /* room for one entry: the grow-and-retry of GetInterfaceInfo */
    dump_table("GetInterfaceInfo", gii, 0, 0, sizeof(IP_INTERFACE_INFO), 1);
    dump_table("GetExtendedTcpTable", tcp, AF_INET, TCP_TABLE_OWNER_PID_ALL, 8, 0);
    dump_table("GetExtendedTcpTable", tcp, AF_INET6, TCP_TABLE_OWNER_PID_ALL, 8, 0);

    ULONG size = 0;
    GetInterfaceInfo(NULL, &size);
    IP_INTERFACE_INFO *ifs = calloc(1, size + sizeof(IP_INTERFACE_INFO));
    if (GetInterfaceInfo(ifs, &size) == 0 && ifs->NumAdapters > 0) {
        record("IpReleaseAddress", IpReleaseAddress(&ifs->Adapter[0]), 0, 0, 0, 0, NULL, NULL, 0, NULL, 0);
        record("IpRenewAddress", IpRenewAddress(&ifs->Adapter[0]), 0, 0, 0, 0, NULL, NULL, 0, NULL, 0);
    }
    record("GetCurrentProcessId", 0, 0, 0, GetCurrentProcessId(), 0, NULL, NULL, 0, NULL, 0);
    if (fclose(out) != 0) {
        die("cannot close the dump", 0);
    }
    printf("DUMPED\n");
    fflush(stdout);

    /* keep both connections until the listener closes them (the test has compared with ss by then) */
    DWORD timeout = 30000;
    setsockopt(s4, SOL_SOCKET, SO_RCVTIMEO, (const char *) &timeout, sizeof timeout);
    char c;
    recv(s4, &c, 1, 0);
    closesocket(s4);
    closesocket(s6);
    WSACleanup();
    return 0;
}
