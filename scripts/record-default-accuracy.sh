#!/usr/bin/env bash
# Records the accuracy the embedded default's models give on a fixed small episode set (its
# sample images), plain and with the meta-LoRA, at fp32 and at bf16 (what `auto` picks on CPUs
# with AVX512-BF16 or AMX), into DIR/expected_accuracy.txt. tests/cli/default.cmake checks that
# the shipped files still reproduce it. scripts/make-default.sh calls it last.
#
#   scripts/record-default-accuracy.sh [CLI] [DIR]   (defaults: build/bin/lora-recycle-cli,
#                                                     resources/default)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CLI="${1:-$ROOT/build/bin/lora-recycle-cli}"
OUT="${2:-$ROOT/resources/default}"
SMALL=(--data "$OUT/samples" --method protonet --way 5 --shot 1 --query 5 --episodes 20 --seed 0 --metric cosine
  --threads 1 --json)
{
  echo "# evaluate --model model.safetensors [--adapter meta_lora.safetensors] ${SMALL[*]} --precision P (data: samples)"
  for p in fp32 bf16; do
    echo "plain $p $("$CLI" evaluate --model "$OUT/model.safetensors" "${SMALL[@]}" --precision "$p" 2>/dev/null)"
    echo "meta $p $("$CLI" evaluate --model "$OUT/model.safetensors" --adapter "$OUT/meta_lora.safetensors" "${SMALL[@]}" --precision "$p" 2>/dev/null)"
  done
} | sed -e "s|$OUT/||g" -e "s|$ROOT/||g" -e 's/,"seconds":[0-9.e+-]*//' >"$OUT/expected_accuracy.txt.tmp"  # no timings: a stable record
mv "$OUT/expected_accuracy.txt.tmp" "$OUT/expected_accuracy.txt"
