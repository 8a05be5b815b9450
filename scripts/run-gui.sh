#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh) and starts the desktop application on the embedded
# default. Works under QT_QPA_PLATFORM=offscreen too.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec build/bin/lora-recycle "$@"
