#!/usr/bin/env bash
# Installs everything LoRA Recycle needs from Debian 12 packages (apt-get only) and builds it
# into build/ (ccache when present). Safe to run again: installed packages are skipped, the
# build is incremental.
#
#   scripts/setup.sh [--no-build] [--build-dir DIR] [extra CMake arguments...]
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
build_dir=build
cmake_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --build-dir) build_dir="$2"; shift ;;
    *) cmake_args+=("$1") ;;
  esac
  shift
done

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libtorch-dev libopenblas0-openmp        # LibTorch 1.13 (CPU) + a fast BLAS (~25x the default)
  libgloo-dev                             # c10d's Gloo headers: data-parallel meta-training
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libqcustomplot-dev libgl-dev
  libopencv-dev nlohmann-json3-dev libcli11-dev qt6-svg-dev libfreetype-dev zlib1g-dev
  xvfb xauth                              # GUI tests and screenshots
  desktop-file-utils                      # tst_package_deb validates the desktop entry
  dataset-fashion-mnist fonts-noto-core fonts-noto-extra  # the embedded default's data
  fonts-wqy-microhei                      # the Chinese interface (outside the glyph font folders)
  qt6-translations-l10n                   # Qt's own strings (OK, Cancel, file dialogs) in de/zh_CN
  imagemagick                             # `import -window root`: screenshots of the GUI under Xvfb
  clang-16 libclang-rt-16-dev             # scripts/sanitize.sh: ASan/UBSan + libFuzzer (core/ needs Clang 16+)
  llvm-16                                 # llvm-symbolizer-16: file:line in sanitizer reports
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${#missing[@]} Debian packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

[ "$build" -eq 1 ] || exit 0
echo "== configuring ($build_dir)"
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "${cmake_args[@]}" >/dev/null
echo "== building (this takes ~10 minutes on 2 cores the first time)"
cmake --build "$build_dir" --parallel "$(nproc)"
