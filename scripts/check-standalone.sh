#!/usr/bin/env bash
# Checks that the repository stands on its own:
#   - no file refers to documents kept outside the repository (a sibling "shared" folder or the
#     specification file that used to live there);
#   - nothing under resources/ (the embedded default: logs, JSON, safetensors metadata) names an
#     absolute path of the machine that made it (/work/…, /home/…, /root/…, /tmp/…).
# Files checked: what git lists (tracked, plus untracked files that are not ignored, so a new file
# is caught before it is committed); outside a git work tree every file except build*/ and .git/.
# Binary files are skipped by the text checks; the JSON headers of safetensors files under
# resources/ are checked for machine paths as well.
#
#   scripts/check-standalone.sh [ROOT]    (default: the repository this script belongs to)
#
# Exit code 0: clean; 1: hits, each printed as FILE:LINE: text (FILE:header: text for a
# safetensors header); 2: bad usage.
set -euo pipefail

root="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
[ -d "$root" ] || { echo "check-standalone: $root is not a folder" >&2; exit 2; }
cd "$root"

# The patterns are written with bracket expressions so that this file does not match itself.
# Extended regular expressions, understood alike by grep -E (in the C locale) and Python's re.
outside='\.\./shared|SPEC[.]md|SPEC[ ]§'
# A machine path has to start at that slash, so relative paths such as build/tmp/x do not count.
machine='(^|[^A-Za-z0-9._-])/(work|home|root|tmp)/'

files=()
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  while IFS= read -r -d '' f; do files+=("$f"); done \
    < <(git ls-files -z --cached --others --exclude-standard)
else
  while IFS= read -r -d '' f; do files+=("${f#./}"); done \
    < <(find . \( -path ./.git -o -path './build' -o -path './build-*' \) -prune -o -type f -print0)
fi

# Regular files only (a tracked file may be deleted in the work tree; links are not followed).
text=() resources=() headers=()
for f in "${files[@]}"; do
  [ -f "$f" ] && [ ! -L "$f" ] || continue
  text+=("$f")
  case "$f" in
    resources/*.safetensors) headers+=("$f") ;;
    resources/*) resources+=("$f") ;;
  esac
done

out=$(mktemp)
trap 'rm -f "$out"' EXIT

# grep_hits PATTERN FILE...: FILE:LINE: the match with some context, for text files only (-I).
grep_hits() {
  local pattern=$1
  shift
  [ $# -gt 0 ] || return 0
  printf '%s\0' "$@" |
    LC_ALL=C xargs -0 grep -nHIoE -- ".{0,60}($pattern).{0,60}" 2>/dev/null |
    sed -E 's/^([^:]*:[0-9]+):/\1: /' || true
}

grep_hits "$outside" "${text[@]}" >>"$out"
grep_hits "$machine" "${resources[@]}" >>"$out"

if [ ${#headers[@]} -gt 0 ]; then
  /usr/bin/python3 - "$outside|$machine" "${headers[@]}" >>"$out" <<'PYEOF'
import re
import struct
import sys

pattern = re.compile(sys.argv[1])
for path in sys.argv[2:]:
    with open(path, "rb") as f:
        head = f.read(8)
        if len(head) < 8:
            print(f"{path}:header: shorter than the 8-byte header length")
            continue
        (size,) = struct.unpack("<Q", head)
        if size > 100 << 20:
            print(f"{path}:header: header length {size} is implausible")
            continue
        text = f.read(size).decode("utf-8", "replace")
    for m in pattern.finditer(text):
        start, end = max(0, m.start() - 60), min(len(text), m.end() + 60)
        print(f"{path}:header: {text[start:end]}")
PYEOF
fi

if [ -s "$out" ]; then
  cat "$out"
  echo "check-standalone: $(wc -l <"$out") hit(s) in $(cut -d: -f1 "$out" | sort -u | wc -l) file(s)" >&2
  exit 1
fi
echo "check-standalone: clean (${#text[@]} files checked)" >&2
