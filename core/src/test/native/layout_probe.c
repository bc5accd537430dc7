/*
 * Build-time truth for the layout tests: the sizes and offsets of the IP Helper structures as the
 * Windows SDK headers (mingw-w64's iptypes.h, ipexport.h, iphlpapi.h) define them.
 *
 * Compiled, never run: x86_64-w64-mingw32-gcc -c (and i686-w64-mingw32-gcc -c) produce a Windows
 * object whose ".layout" section holds the table; objcopy -O binary -j .layout extracts it. Each record
 * is LAYOUT_NAME_BYTES of NUL-padded name, then a little-endian uint32 value (64 bytes in all).
 */
#define _WIN32_WINNT 0x0A00
#define NTDDI_VERSION 0x0A000000
#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
#include <stddef.h>
#include <stdint.h>
#include "layout_entries.h"

struct layout_record {
    char name[LAYOUT_NAME_BYTES];
    uint32_t value;
};

#define SIZE(T) {#T ".size", (uint32_t) sizeof(T)},
#define OFF(T, m) {#T "." #m, (uint32_t) offsetof(T, m)},

__attribute__((section(".layout"), used))
const struct layout_record layout_table[] = {LAYOUT_ENTRIES};

_Static_assert(sizeof(struct layout_record) == 64, "record size");
