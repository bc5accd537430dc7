/*
 * iphlpapi_replay: plays back what a real IP Helper implementation answered (recorded by iphlpapi_dumper.exe under
 * Wine) to the unmodified Java binding on Linux, through the same library override as the shim
 * (dhcplease.iphlpapi / WindowsNative). Test sources only.
 *
 * Exports GetAdaptersAddresses, GetAdaptersInfo, GetInterfaceInfo, GetExtendedTcpTable, IpReleaseAddress,
 * IpRenewAddress, FormatMessageW, LocalFree, and for the tests:
 *   int replay_load(const char *path)      reads a dump (format: iphlpapi_dumper.c); 0 = ok, else replay_error()
 *   const char *replay_error(void)
 *   int replay_calls(const char *function) calls since the last load
 *   uint32 replay_value(const char *function)  arg1 of the function's first record (GetCurrentProcessId: the
 *                                        dumper's Windows pid), 0xFFFFFFFF when none
 *
 * A table call whose buffer is smaller than the recorded answer gets the code the real implementation gave for a
 * too-small buffer (111 or 122) and the recorded size; otherwise the recorded bytes, with every recorded pointer
 * rebased from the dumper's buffer onto the caller's. A call with other arguments (family, flags, table class)
 * than the dumper used answers 87, so a change in what the binding asks for cannot pass unnoticed.
 * IpReleaseAddress/IpRenewAddress answer the recorded code when the name is one GetInterfaceInfo listed, else 87.
 * FormatMessageW always fails (0), so the binding's own sentences show.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT __attribute__((visibility("default")))
#define ERROR_INVALID_PARAMETER 87
#define ERROR_NOT_FOUND 1168
#define MAX_RECORDS 64
#define IF_ENTRY_BYTES 260 /* IP_ADAPTER_INDEX_MAP */
#define IF_NAME_UNITS 128

struct record {
    char function[33];
    uint32_t code, size_in, size_out, arg1, arg2;
    uint64_t base;
    uint32_t nbytes, npointers;
    uint8_t *bytes;
    uint32_t *pointers;
};

enum fn { F_GAA, F_GAI, F_GII, F_TCP, F_RELEASE, F_RENEW, F_FORMAT, F_FREE, F_COUNT };
static const char *const FN_NAMES[F_COUNT] = {"GetAdaptersAddresses", "GetAdaptersInfo", "GetInterfaceInfo",
                                              "GetExtendedTcpTable", "IpReleaseAddress", "IpRenewAddress",
                                              "FormatMessageW", "LocalFree"};

static struct record records[MAX_RECORDS];
static int nrecords;
static int calls[F_COUNT];
static char error[512];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void clear(void) {
    for (int i = 0; i < nrecords; i++) {
        free(records[i].bytes);
        free(records[i].pointers);
    }
    memset(records, 0, sizeof records);
    nrecords = 0;
    memset(calls, 0, sizeof calls);
}

static int load_locked(const char *path) {
    clear();
    error[0] = 0;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        snprintf(error, sizeof error, "cannot open %s", path);
        return -1;
    }
    char magic[8];
    if (fread(magic, 1, 8, f) != 8 || memcmp(magic, "DLRPLY01", 8) != 0) {
        snprintf(error, sizeof error, "%s is not a dump of iphlpapi_dumper", path);
        fclose(f);
        return -1;
    }
    for (;;) {
        struct record r = {0};
        uint32_t head[5], counts[2];
        size_t got = fread(r.function, 1, 32, f);
        if (got == 0 && feof(f)) {
            break;
        }
        if (got != 32 || fread(head, 4, 5, f) != 5 || fread(&r.base, 8, 1, f) != 1 || fread(counts, 4, 2, f) != 2
            || nrecords == MAX_RECORDS || counts[0] > (64u << 20) || counts[1] > counts[0]) {
            snprintf(error, sizeof error, "%s: record %d is truncated or too large", path, nrecords);
            fclose(f);
            clear();
            return -1;
        }
        r.code = head[0], r.size_in = head[1], r.size_out = head[2], r.arg1 = head[3], r.arg2 = head[4];
        r.nbytes = counts[0], r.npointers = counts[1];
        r.bytes = malloc(r.nbytes + 1);
        r.pointers = malloc(sizeof(uint32_t) * (r.npointers + 1));
        if (fread(r.bytes, 1, r.nbytes, f) != r.nbytes || fread(r.pointers, 4, r.npointers, f) != r.npointers) {
            snprintf(error, sizeof error, "%s: record %d (%s) is truncated", path, nrecords, r.function);
            free(r.bytes), free(r.pointers);
            fclose(f);
            clear();
            return -1;
        }
        for (uint32_t k = 0; k < r.npointers; k++) {
            if (r.pointers[k] > r.nbytes - 8) {
                snprintf(error, sizeof error, "%s: %s has a pointer outside its table", path, r.function);
                free(r.bytes), free(r.pointers);
                fclose(f);
                clear();
                return -1;
            }
        }
        records[nrecords++] = r;
    }
    fclose(f);
    return 0;
}

/* The too-small answer (probe) and the full answer (code 0) recorded for this function and arguments. */
static void find(const char *function, uint32_t arg1, uint32_t arg2, const struct record **probe,
                 const struct record **full) {
    *probe = *full = NULL;
    for (int i = 0; i < nrecords; i++) {
        const struct record *r = &records[i];
        if (strcmp(r->function, function) == 0 && r->arg1 == arg1 && r->arg2 == arg2) {
            if (r->code == 0 && r->nbytes > 0) {
                *full = r;
            } else if (*probe == NULL) {
                *probe = r;
            }
        }
    }
}

static const struct record *only(const char *function) {
    for (int i = 0; i < nrecords; i++) {
        if (strcmp(records[i].function, function) == 0) {
            return &records[i];
        }
    }
    return NULL;
}

static uint32_t table(enum fn f, uint32_t arg1, uint32_t arg2, void *out, uint32_t *size) {
    pthread_mutex_lock(&lock);
    calls[f]++;
    const struct record *probe, *full;
    find(FN_NAMES[f], arg1, arg2, &probe, &full);
    uint32_t rc;
    if (size == NULL || (probe == NULL && full == NULL)) {
        rc = ERROR_INVALID_PARAMETER;
    } else if (full == NULL) {
        rc = probe->code; /* e.g. 232: the real implementation had no table to give */
    } else if (out == NULL || *size < full->nbytes) {
        *size = full->nbytes;
        rc = probe != NULL ? probe->code : 111;
    } else {
        memcpy(out, full->bytes, full->nbytes);
        uint64_t base = (uint64_t) (uintptr_t) out;
        for (uint32_t k = 0; k < full->npointers; k++) {
            uint64_t v;
            memcpy(&v, (uint8_t *) out + full->pointers[k], 8);
            v = v - full->base + base;
            memcpy((uint8_t *) out + full->pointers[k], &v, 8);
        }
        rc = 0;
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

EXPORT uint32_t GetAdaptersAddresses(uint32_t family, uint32_t flags, void *reserved, void *out, uint32_t *size) {
    (void) reserved;
    return table(F_GAA, family, flags, out, size);
}

EXPORT uint32_t GetAdaptersInfo(void *out, uint32_t *size) {
    return table(F_GAI, 0, 0, out, size);
}

EXPORT uint32_t GetInterfaceInfo(void *out, uint32_t *size) {
    return table(F_GII, 0, 0, out, size);
}

EXPORT uint32_t GetExtendedTcpTable(void *out, uint32_t *size, int32_t order, uint32_t af, uint32_t table_class,
                                    uint32_t reserved) {
    (void) order;
    return reserved != 0 ? ERROR_INVALID_PARAMETER : table(F_TCP, af, table_class, out, size);
}

/* Whether GetInterfaceInfo's recorded answer lists this \DEVICE\TCPIP_{GUID} name (ASCII case-insensitive). */
static int listed(const uint8_t *map) {
    const struct record *probe, *full;
    find("GetInterfaceInfo", 0, 0, &probe, &full);
    if (full == NULL) {
        return 0;
    }
    int32_t n;
    memcpy(&n, full->bytes, 4);
    for (int32_t i = 0; i < n && 4 + (uint64_t) (i + 1) * IF_ENTRY_BYTES <= full->nbytes; i++) {
        const uint8_t *e = full->bytes + 4 + (size_t) i * IF_ENTRY_BYTES;
        for (int k = 0; k < IF_NAME_UNITS; k++) {
            uint16_t a, b;
            memcpy(&a, e + 4 + 2 * k, 2);
            memcpy(&b, map + 4 + 2 * k, 2);
            if (a != b && !(a < 128 && b < 128 && tolower(a) == tolower(b))) {
                break;
            }
            if (a == 0) {
                return 1;
            }
        }
    }
    return 0;
}

static uint32_t lease_call(enum fn f, const uint8_t *map) {
    pthread_mutex_lock(&lock);
    calls[f]++;
    const struct record *r = only(FN_NAMES[f]);
    uint32_t rc = map == NULL || !listed(map) ? ERROR_INVALID_PARAMETER : r != NULL ? r->code : ERROR_NOT_FOUND;
    pthread_mutex_unlock(&lock);
    return rc;
}

EXPORT uint32_t IpReleaseAddress(const uint8_t *map) {
    return lease_call(F_RELEASE, map);
}

EXPORT uint32_t IpRenewAddress(const uint8_t *map) {
    return lease_call(F_RENEW, map);
}

EXPORT uint32_t FormatMessageW(uint32_t flags, const void *source, uint32_t id, uint32_t lang, void *buffer,
                               uint32_t n, void *args) {
    (void) flags, (void) source, (void) id, (void) lang, (void) buffer, (void) n, (void) args;
    pthread_mutex_lock(&lock);
    calls[F_FORMAT]++;
    pthread_mutex_unlock(&lock);
    return 0;
}

EXPORT void *LocalFree(void *mem) {
    pthread_mutex_lock(&lock);
    calls[F_FREE]++;
    pthread_mutex_unlock(&lock);
    free(mem);
    return NULL;
}

EXPORT int replay_load(const char *path) {
    pthread_mutex_lock(&lock);
    int rc = load_locked(path);
    pthread_mutex_unlock(&lock);
    return rc;
}

EXPORT const char *replay_error(void) {
    return error;
}

EXPORT int replay_calls(const char *function) {
    for (int i = 0; i < F_COUNT; i++) {
        if (strcmp(FN_NAMES[i], function) == 0) {
            pthread_mutex_lock(&lock);
            int n = calls[i];
            pthread_mutex_unlock(&lock);
            return n;
        }
    }
    return -1;
}

EXPORT uint32_t replay_value(const char *function) {
    pthread_mutex_lock(&lock);
    const struct record *r = only(function);
    uint32_t v = r != NULL ? r->arg1 : 0xFFFFFFFFu;
    pthread_mutex_unlock(&lock);
    return v;
}
