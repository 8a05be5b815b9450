#!/usr/bin/env bash
# Makes the embedded default (resources/default/) with the project's own commands, offline:
#   glyphs → tiny ViT + BatchNorm prior → demo LoRA collection (+ held-out LoRAs) → LoRA
#   Inversion of every LoRA → meta-LoRA (with masks, validated on the held-out LoRAs' inverted
#   tasks, never on real data) → gallery and sample images.
# Every command and its output go to resources/default/commands.log. A step whose output
# exists is skipped, so an interrupted run resumes. Knobs (environment): WORK, STEPS_PRETRAIN,
# CLASSES_PRETRAIN, PRETRAIN_ZOOM, ZOO_COUNT, HOLDOUT_COUNT, TUNE_STEPS, TUNE_LR, INVERT_ITERATIONS, PER_CLASS,
# META_EPISODES, THREADS.
#   scripts/make-default.sh            # build/ must hold lora-recycle-cli (scripts/setup.sh)
#   WORK_ONLY=1 scripts/make-default.sh  # only the work folder (glyphs, held-out LoRAs, pools)
#                                        # beside a complete default, which stays untouched
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CLI=${CLI:-$ROOT/build/bin/lora-recycle-cli}
OUT=${OUT:-$ROOT/resources/default}
WORK=${WORK:-$ROOT/build/default-work}
THREADS=${THREADS:-$(nproc)}
STEPS_PRETRAIN=${STEPS_PRETRAIN:-10000}
CLASSES_PRETRAIN=${CLASSES_PRETRAIN:-0}  # 0: all
PRETRAIN_ZOOM=${PRETRAIN_ZOOM:-0.1}
ZOO_COUNT=${ZOO_COUNT:-32}
HOLDOUT_COUNT=${HOLDOUT_COUNT:-4}
TUNE_STEPS=${TUNE_STEPS:-100}
TUNE_LR=${TUNE_LR:-1e-3}
INVERT_ITERATIONS=${INVERT_ITERATIONS:-100}
PER_CLASS=${PER_CLASS:-6}
META_EPISODES=${META_EPISODES:-1000}
META_MASK=${META_MASK:-0.5}
WORK_ONLY=${WORK_ONLY:-0}
LOG=$OUT/commands.log

[ -x "$CLI" ] || { echo "make-default: $CLI is missing; run scripts/setup.sh first" >&2; exit 2; }
if [ "$WORK_ONLY" = 1 ]; then
  # The benches need the work folder of a default that is already made (and committed): remaking
  # its pools must not rewrite the gallery, the recorded accuracy or the log of the shipped files.
  for f in model.safetensors prior.safetensors zoo/index.json recipe.json meta_lora.safetensors; do
    [ -e "$OUT/$f" ] || { echo "make-default: WORK_ONLY=1 needs a complete default, but $OUT/$f is missing" >&2; exit 2; }
  done
  LOG=$WORK/commands.log
fi
mkdir -p "$OUT" "$WORK"

# Runs one step unless its output exists; logs the command line, its output and its duration.
step() {
  local done_marker=$1
  shift
  if [ -e "$done_marker" ]; then
    echo "== skip (exists: ${done_marker#"$ROOT"/}): $*"
    return
  fi
  local start=$SECONDS
  {
    echo
    echo "\$ lora-recycle-cli ${*}"
  } | sed "s|$ROOT/||g" >>"$LOG"
  echo "== lora-recycle-cli $*"
  "$CLI" "$@" --threads "$THREADS" | tee -a "$LOG"
  echo "# $((SECONDS - start)) s" >>"$LOG"
}

GLYPHS=$WORK/glyphs
[ -e "$LOG" ] || echo "# scripts/make-default.sh — $(date -u +%F), $(nproc) cores, threads $THREADS" >"$LOG"

step "$GLYPHS/manifest.json" render-glyphs --out "$GLYPHS" --per-class 60 --seed 0

# The VFM: every pretraining class but 50 held out for validation, 10,000 steps with random zoom
# (the held-out 5-way 1-shot curve goes to pretrain-curve.csv). Resumable: a killed run continues
# from its checkpoint and ends bit-identical.
step "$OUT/model.safetensors" pretrain --data "$GLYPHS/pretraining" --out "$OUT/model.safetensors" \
  --max-classes "$CLASSES_PRETRAIN" --val-classes 50 --val-every 500 --val-episodes 200 \
  --steps "$STEPS_PRETRAIN" --batch 128 --zoom "$PRETRAIN_ZOOM" --max-shift 2 \
  --checkpoint "$WORK/pretrain-state.safetensors" --checkpoint-every 250 --resume \
  --curve "$OUT/pretrain-curve.csv" --prior-out "$OUT/prior.safetensors" --prior-steps 600 --fp16

# The demo collection (the "LoRA market"): 5-way tasks from the zoo split, rank 4 on q and v.
# Its held-out part is never meta-trained on; its inverted tasks select the meta-LoRA.
[ "$WORK_ONLY" = 1 ] && touch "$WORK/zoo.done"  # the shipped collection is the zoo
step "$WORK/zoo.done" make-zoo --model "$OUT/model.safetensors" --data "$GLYPHS/zoo" --count "$ZOO_COUNT" \
  --way 5 --rank 4 --targets q,v --steps "$TUNE_STEPS" --lr "$TUNE_LR" --out "$OUT/zoo" --seed 1
touch "$WORK/zoo.done"  # index.json appears with the first LoRA; this marks the whole collection
step "$WORK/zoo-holdout.done" make-zoo --model "$OUT/model.safetensors" --data "$GLYPHS/zoo" \
  --count "$HOLDOUT_COUNT" --way 5 --rank 4 --targets q,v --steps "$TUNE_STEPS" --lr "$TUNE_LR" --out "$WORK/zoo-holdout" --seed 2
touch "$WORK/zoo-holdout.done"

# LoRA Inversion of every LoRA: no real image is touched from here on.
# No flips and no jitter: letters are neither mirror- nor shift-invariant, and the weak 32×32
# teachers then never reach a low CE (measured: CE stuck at 2–4, teacher accuracy 20–70 %); the
# reference's lr 0.25 oscillates here, 0.05 brings the CE to ~0.2 with the prior on.
# shellcheck disable=SC2054  # "1,3" is one argument (a layer list), not two array elements
INVERT=(--iterations "$INVERT_ITERATIONS" --per-class "$PER_CLASS" --prior "$OUT/prior.safetensors"
  --prune-layers 1,3 --prune-ratios 0.25,0.25 --tv 0.0005 --flip 0 --jitter 0 --lr 0.05)
step "$WORK/pools/.done" invert --model "$OUT/model.safetensors" --zoo "$OUT/zoo" --out "$WORK/pools" "${INVERT[@]}"
touch "$WORK/pools/.done"
step "$WORK/pools-holdout/.done" invert --model "$OUT/model.safetensors" --zoo "$WORK/zoo-holdout" \
  --out "$WORK/pools-holdout" "${INVERT[@]}" --seed 2
touch "$WORK/pools-holdout/.done"

# The recipe beside the default (core/api/recipe.h): the GUI's inversion and training pages open
# with these settings, and the measured rate of one member's inversion gives their time estimates.
write_recipe() {
  local probe seconds rate
  probe=$("$CLI" invert --model "$OUT/model.safetensors" --adapter "$OUT/zoo/lora_000.safetensors" \
    --out "$WORK/recipe-probe" "${INVERT[@]}" --threads "$THREADS" | tail -n 1)
  seconds=$(echo "$probe" | sed -n 's/.*, \([0-9.]*\) s$/\1/p')
  rate=$(awk -v s="$seconds" -v n="$PER_CLASS" -v it="$INVERT_ITERATIONS" 'BEGIN { printf "%.6g", s / (5 * n * it) }')
  cat >"$OUT/recipe.json" <<JSON
{
  "format": "lrc-recipe",
  "version": 1,
  "inversion": {
    "iterations": $INVERT_ITERATIONS, "per_class": $PER_CLASS, "lr": 0.05, "bn_weight": 0.01,
    "tv_weight": 0.0005, "l2_weight": 0, "jitter_fraction": 0, "flip_probability": 0,
    "batch_size": 0, "prune_layers": [1, 3], "prune_ratios": [0.25, 0.25],
    "prune_start_fraction": 0.25, "mask_ratio": 0
  },
  "inversion_seconds_per_image_iteration": $rate,
  "measured_on": "$(nproc) cores, $THREADS threads",
  "meta_train": {
    "way": 5, "shot": 1, "query": 5, "episodes": $META_EPISODES, "mask_ratio": $META_MASK,
    "metric": "cosine", "lr": 3e-4, "cosine_scale": 10, "val_every": 100, "val_episodes": 100
  }
}
JSON
}
[ -e "$OUT/recipe.json" ] || write_recipe

# The meta-LoRA: sparse tokens (mask ratio META_MASK), cosine prototypes, checkpoint selection
# on the held-out LoRAs' inverted tasks.
step "$OUT/meta_lora.safetensors" meta-train --model "$OUT/model.safetensors" --zoo "$OUT/zoo" --pool "$WORK/pools" \
  --val-pool "$WORK/pools-holdout" --out "$OUT/meta_lora.safetensors" --way 5 --shot 1 --query 5 \
  --episodes "$META_EPISODES" --mask-ratio "$META_MASK" --metric cosine --lr 3e-4 --val-every 100 --val-episodes 100 \
  --checkpoint-dir "$WORK/meta.checkpoints"

if [ "$WORK_ONLY" = 1 ]; then
  echo "make-default: work folder ready in $WORK (the default in $OUT is unchanged); see $LOG"
  exit 0
fi

# A small gallery of inverted images and their masks for the docs, and sample images of
# evaluation classes (never seen by the VFM, the collection or the meta-LoRA) to drag in.
mkdir -p "$OUT/gallery"
for member in lora_000 lora_001; do
  for kind in images masked; do
    src="$WORK/pools/$member/$kind"
    [ -d "$src" ] || continue
    mkdir -p "$OUT/gallery/$member/$kind"
    find "$src" -name '*.png' | sort | head -n 10 | while read -r f; do
      cp "$f" "$OUT/gallery/$member/$kind/$(basename "$(dirname "$f")")_$(basename "$f")"
    done
  done
done
if [ ! -d "$OUT/samples" ]; then
  mkdir -p "$OUT/samples"
  find "$GLYPHS/evaluation" -mindepth 1 -maxdepth 1 -type d | sort | awk 'NR % 60 == 1' | head -n 5 | while read -r cls; do
    mkdir -p "$OUT/samples/$(basename "$cls")"
    for k in 0 1 2 3 4 5; do cp "$cls/$k.png" "$OUT/samples/$(basename "$cls")/"; done
  done
fi
cp "$GLYPHS/manifest.json" "$OUT/glyphs-manifest.json"

# The accuracy the committed models give on a fixed small episode set (the samples), at fp32 and
# bf16, which tests/cli/default.cmake checks the shipped files still reproduce.
"$ROOT/scripts/record-default-accuracy.sh" "$CLI" "$OUT"
echo "make-default: done; see $LOG"
