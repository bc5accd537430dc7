#!/bin/sh
# Builds the native test artifacts into $1 (core/target/native); run by Maven in process-test-resources.
#   libiphlpapi_shim.so    the IP Helper / kernel32 stand-in the binding tests load (gcc)
#   layout-x64.bin         sizes and offsets from the Windows SDK headers, x64  (mingw-w64, compiled, never run)
#   layout-x86.bin         the same for 32-bit Windows                           (mingw-w64 i686)
#   iphlpapi_dumper.exe    records Wine's IP Helper answers (mingw-w64 x64; run under Wine by WineIpHelperTest)
#   libiphlpapi_replay.so  plays such a recording back to the binding (gcc)
#   tcp_listener           the peer of the dumper's TCP connections (gcc)
# Any failure fails the build: the layout and shim tests must never run against stale or missing files.
#   build.sh DIR --shim-only   just the shim (the plugin's tests need nothing else, and no mingw)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$1
mkdir -p "$out"

cc() { gcc -std=gnu11 -O2 -Wall -Wextra -Werror "$@"; }
cc -fPIC -shared -fvisibility=hidden -pthread -o "$out/libiphlpapi_shim.so" "$here/iphlpapi_shim.c"

[ "${2:-}" = "--shim-only" ] && exit 0

cc -fPIC -shared -fvisibility=hidden -pthread -o "$out/libiphlpapi_replay.so" "$here/iphlpapi_replay.c"
cc -o "$out/tcp_listener" "$here/tcp_listener.c"
x86_64-w64-mingw32-gcc -std=gnu11 -O2 -Wall -Wextra -Werror -o "$out/iphlpapi_dumper.exe" "$here/iphlpapi_dumper.c" \
    -liphlpapi -lws2_32

probe() { # $1 = arch tag, $2 = mingw triplet
    "$2-gcc" -std=gnu11 -Wall -Werror -c -o "$out/layout-$1.o" "$here/layout_probe.c"
    "$2-objcopy" -O binary -j .layout "$out/layout-$1.o" "$out/layout-$1.bin"
    test -s "$out/layout-$1.bin" || { echo "build.sh: $2-objcopy produced an empty layout table" >&2; exit 1; }
}
probe x64 x86_64-w64-mingw32
probe x86 i686-w64-mingw32
