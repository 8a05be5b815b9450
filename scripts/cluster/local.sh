#!/usr/bin/env bash
# Starts N ranks of `lora-recycle-cli COMMAND ARGS...` on this machine's loopback interface with
# the environment torchrun sets (RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR=127.0.0.1 and a free
# MASTER_PORT), waits for all of them and exits with the first non-zero status (0 when all
# succeed). When one rank fails, the others find out themselves (a closed connection, or at the
# latest their --dist-timeout) and stop with an error of their own.
#
#   scripts/cluster/local.sh N COMMAND ARGS...
#   LRC_CLI=/path/to/lora-recycle-cli  (default: build/bin/lora-recycle-cli, else on PATH)
#   MASTER_PORT=...                    (default: a free port)
#   LRC_RANK_LOG_DIR=DIR               (each rank's stdout+stderr into DIR/rank_R.log; default:
#                                       rank 0 on the terminal, the others prefixed "[rank R]")
set -uo pipefail

usage() {
  echo "usage: $0 N COMMAND ARGS...   (N ranks of lora-recycle-cli COMMAND on 127.0.0.1)" >&2
  exit 2
}
[ $# -ge 2 ] || usage
n="$1"
shift
if ! [[ "$n" =~ ^[0-9]+$ ]] || [ "$n" -lt 1 ]; then
  echo "$0: N must be a positive integer, not \"$n\"" >&2
  exit 2
fi

here="$(cd "$(dirname "$0")/../.." && pwd)"
cli="${LRC_CLI:-}"
if [ -z "$cli" ]; then
  if [ -x "$here/build/bin/lora-recycle-cli" ]; then
    cli="$here/build/bin/lora-recycle-cli"
  else
    cli="$(command -v lora-recycle-cli || true)"
  fi
fi
[ -n "$cli" ] && [ -x "$cli" ] || { echo "$0: lora-recycle-cli not found (set LRC_CLI)" >&2; exit 2; }

# A free port: nothing accepts a connection there (bash's /dev/tcp), drawn from the dynamic range.
port_is_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
port="${MASTER_PORT:-}"
if [ -z "$port" ]; then
  for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 30000))
    if port_is_free "$candidate"; then port="$candidate"; break; fi
  done
  [ -n "$port" ] || { echo "$0: found no free port on 127.0.0.1" >&2; exit 2; }
fi

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
}
trap 'cleanup; exit 130' INT TERM

for ((r = 0; r < n; r++)); do
  (
    export RANK="$r" WORLD_SIZE="$n" LOCAL_RANK="$r" LOCAL_WORLD_SIZE="$n"
    export MASTER_ADDR=127.0.0.1 MASTER_PORT="$port"
    if [ -n "${LRC_RANK_LOG_DIR:-}" ]; then
      mkdir -p "$LRC_RANK_LOG_DIR"
      exec "$cli" "$@" >"$LRC_RANK_LOG_DIR/rank_$r.log" 2>&1
    elif [ "$r" -eq 0 ]; then
      exec "$cli" "$@"
    else
      exec "$cli" "$@" > >(sed "s/^/[rank $r] /") 2> >(sed "s/^/[rank $r] /" >&2)
    fi
  ) &
  pids+=("$!")
done

# Wait for every rank; the first failure (in time) decides the status.
status=0
remaining=$n
declare -A done_pid=()
while [ "$remaining" -gt 0 ]; do
  wait -n -p finished "${pids[@]}" 2>/dev/null
  rc=$?
  [ -n "${finished:-}" ] || break
  [ -z "${done_pid[$finished]:-}" ] || continue
  done_pid[$finished]=1
  remaining=$((remaining - 1))
  if [ "$rc" -ne 0 ] && [ "$status" -eq 0 ]; then
    status=$rc
    for ((r = 0; r < n; r++)); do
      [ "${pids[$r]}" = "$finished" ] && echo "$0: rank $r exited with status $rc" >&2
    done
  fi
done
exit "$status"
