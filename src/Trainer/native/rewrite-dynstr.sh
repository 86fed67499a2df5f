#!/usr/bin/env bash
# Renames a library that an ELF shared object needs by rewriting the name in place in its .dynstr section.
# Usage: rewrite-dynstr.sh <file.so> <old name> <new name of the same length>
# The old name must occur in .dynstr as one whole NUL-terminated string (checked); equal lengths keep every string
# offset valid, so DT_NEEDED and the .gnu.version_r entry that point at it both read the new name. The file is
# changed in place (dd conv=notrunc); nothing else in it moves.
set -euo pipefail
[ $# -eq 3 ] || { echo "error MTCNN0004: usage: $0 <file.so> <old name> <new name>" >&2; exit 1; }
file="$1"; old="$2"; new="$3"
[ ${#old} -eq ${#new} ] || { echo "error MTCNN0004: '$new' must have the length of '$old' (${#old} bytes)" >&2; exit 1; }

# .dynstr's file offset and size (hex) from the section headers.
read -r start size < <(readelf -S -W "$file" | awk '$2 == ".dynstr" { print $5, $6 } $3 == ".dynstr" { print $6, $7 }' | head -n 1)
[ -n "${start:-}" ] || { echo "error MTCNN0004: $file has no .dynstr section" >&2; exit 1; }
start=$((16#$start)); end=$((start + 16#$size))

# Byte offsets of the old name anywhere in the file; keep the one inside .dynstr that is a whole string.
hit=""
while IFS=: read -r offset _; do
  [ "$offset" -gt "$start" ] && [ $((offset + ${#old})) -lt "$end" ] || continue
  before="$(od -An -tx1 -j $((offset - 1)) -N1 "$file" | tr -d ' ')"
  after="$(od -An -tx1 -j $((offset + ${#old})) -N1 "$file" | tr -d ' ')"
  if [ "$before" = 00 ] && [ "$after" = 00 ]; then hit="$offset"; break; fi
done < <(LC_ALL=C grep -obUaF -- "$old" "$file" || true)
[ -n "$hit" ] || { echo "error MTCNN0004: '$old' is not a string of $file's .dynstr" >&2; exit 1; }

printf '%s' "$new" | dd of="$file" bs=1 seek="$hit" conv=notrunc status=none
