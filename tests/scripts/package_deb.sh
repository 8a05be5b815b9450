#!/usr/bin/env bash
# Builds the .deb from a build tree (cpack), unpacks it into a staging prefix and checks that it
# is a working desktop program: the desktop entry (desktop-file-validate when installed), its
# icon, the binaries and the embedded default in place, the CLI runs, and the GUI starts
# offscreen on the packaged default (not the checkout's).
#
#   tests/scripts/package_deb.sh BUILD_DIR WORK_DIR
#
# Exit code 0: pass; 1: a check failed; 77: skipped (no cpack or dpkg-deb).
set -euo pipefail

build=$(realpath "$1")
work=$2
for tool in cpack dpkg-deb; do
  command -v "$tool" >/dev/null || { echo "[SKIP] $tool is not installed"; exit 77; }
done

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

rm -rf "$work"
mkdir -p "$work"
work=$(realpath "$work")  # the GUI reports the default's canonical path

# cpack -B keeps its scratch install (_CPack_Packages) out of the build tree.
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/out" >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log"; fail "cpack failed"; }
debs=("$work"/out/lora-recycle_*.deb)
[ -f "${debs[0]}" ] || fail "cpack made no lora-recycle_*.deb (see $work/cpack.log)"
deb=${debs[0]}
echo "package: $(basename "$deb"), $(du -k "$deb" | cut -f1) KiB"

field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = lora-recycle ] || fail "Package is '$(field Package)'"
[ "$(field Section)" = science ] || fail "Section is '$(field Section)'"
depends=$(field Depends)
echo "Depends: $depends"
for lib in libtorch libqt6widgets6 libopenblas0-openmp; do
  [[ $depends == *"$lib"* ]] || fail "Depends does not name $lib"
done

stage="$work/stage"
dpkg-deb -x "$deb" "$stage"
usr="$stage/usr"
default="$usr/share/lora-recycle/default"
for f in bin/lora-recycle bin/lora-recycle-cli share/applications/lora-recycle.desktop \
  share/icons/hicolor/scalable/apps/lora-recycle.svg share/lora-recycle/default/model.safetensors \
  share/lora-recycle/default/prior.safetensors share/lora-recycle/default/meta_lora.safetensors; do
  [ -f "$usr/$f" ] || fail "the package has no /usr/$f"
done
[ -d "$default/zoo" ] && [ -d "$default/samples" ] || fail "the default's zoo/ or samples/ is missing"
[ -x "$usr/bin/lora-recycle" ] && [ -x "$usr/bin/lora-recycle-cli" ] || fail "binaries not executable"

entry="$usr/share/applications/lora-recycle.desktop"
icon=$(sed -n 's/^Icon=//p' "$entry")
[ -f "$usr/share/icons/hicolor/scalable/apps/$icon.svg" ] || fail "Icon=$icon has no $icon.svg"
exec_name=$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$entry")
[ -x "$usr/bin/$exec_name" ] || fail "Exec=$exec_name is not a packaged binary"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$entry" || fail "desktop-file-validate rejects the desktop entry"
else
  echo "desktop-file-validate not installed: desktop entry not validated"
fi

# No LRC_DEFAULT_DIR and a fresh QSettings (a saved defaults/dir would win over the lookup).
run_env=(env -u LRC_DEFAULT_DIR HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config"
  QT_QPA_PLATFORM=offscreen OMP_NUM_THREADS=1)
mkdir -p "$work/home"

"${run_env[@]}" "$usr/bin/lora-recycle-cli" --version >"$work/cli.log" 2>&1 ||
  { cat "$work/cli.log"; fail "the packaged CLI does not run"; }

status=0
"${run_env[@]}" timeout 60 "$usr/bin/lora-recycle" --quit-after 6000 --lang en --log-stderr \
  >"$work/gui.log" 2>&1 || status=$?
cat "$work/gui.log"
[ "$status" -eq 0 ] || fail "the packaged GUI exited with $status"
grep -qxF "Embedded default: $default" <(sed -E 's/^[0-9:]+  //' "$work/gui.log") ||
  fail "the GUI did not report the packaged default $default"
grep -qE '^[0-9:]+  Model ' "$work/gui.log" || fail "the GUI did not load the default model"
if grep -qE '^[0-9:]+  (Failed|Error):' "$work/gui.log"; then fail "the GUI logged an error"; fi
echo "package_deb: all checks passed"
