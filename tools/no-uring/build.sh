#!/usr/bin/env bash
# Builds tools/no-uring/target/no-uring (needs gcc and the Linux UAPI headers, e.g. linux-libc-dev) and checks
# that it works: under it, io_uring_setup must fail with EPERM. Prints the binary's path.
set -euo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$DIR/target/no-uring"
mkdir -p "$DIR/target"
if [[ ! -x "$OUT" || "$DIR/no-uring.c" -nt "$OUT" ]]; then
  command -v "${CC:-gcc}" >/dev/null 2>&1 || { echo "no-uring: ${CC:-gcc} not found (apt-get install gcc)" >&2; exit 1; }
  "${CC:-gcc}" -O2 -Wall -Wextra -Werror -o "$OUT" "$DIR/no-uring.c"
fi
# self-check: a probe that calls io_uring_setup(1, params) through python3 or perl if one is there
if command -v python3 >/dev/null 2>&1; then
  got="$("$OUT" python3 -c '
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
r = libc.syscall(425, 1, ctypes.create_string_buffer(120))
print(os.strerror(ctypes.get_errno()) if r < 0 else "allowed")')"
  [[ "$got" == "Operation not permitted" ]] || { echo "no-uring: self-check failed: io_uring_setup -> $got" >&2; exit 1; }
fi
echo "$OUT"
