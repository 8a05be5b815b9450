"""Interleaved comparison of LoRA Recycle's steps against a plain PyTorch reference of the same
steps (bench/compare_reference.py) at the reference's fp32 and bf16 autocast, on the tiny config or ViT-B/16 (--size).
Each round runs every contender once; the table holds the median over rounds of each run's
median step time, and the ratios the project at its default (auto) against the reference at its
best precision and against the project's own fp32.

    /usr/bin/python3 bench/compare.py [--rounds 3] [--steps 5] [--threads 2] [--size tiny|b16]
                                      [--images 80] [--bench PATH]
"""
import argparse
import os
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
STEPS = ("meta_dense", "meta_masked75", "invert")
LABELS = {"meta_dense": "meta-training step, all tokens",
          "meta_masked75": "meta-training step, 75 % masked",
          "invert": "inversion iteration (no prior)"}


def run_reference(precision, o):
    out = subprocess.run([sys.executable, os.path.join(HERE, "compare_reference.py"),
                          "--precision", precision, "--steps", str(o.steps),
                          "--threads", str(o.threads), "--size", o.size,
                          "--images", str(o.images)],
                         check=True, capture_output=True, text=True).stdout
    times = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[0] == "reference":
            times[parts[2]] = float(parts[3])
    return times


def run_project(precision, o):
    out = subprocess.run([o.bench, "--size", o.size, "--images", str(o.images), "--threads",
                          str(o.threads), "--steps", str(o.steps), "--precision", precision,
                          "--ratios", "0.75", "--prune", "0"],
                         check=True, capture_output=True, text=True).stdout
    times, header = {}, out.splitlines()[0] if out else ""
    for line in out.splitlines():
        m = re.search(r"mask (0\.00|0\.75):\s+([0-9.]+) ms", line)
        if m:
            times["meta_dense" if m.group(1) == "0.00" else "meta_masked75"] = float(m.group(2))
        m = re.search(r"no pruning:\s+([0-9.]+) ms", line)
        if m:
            times["invert"] = float(m.group(1))
    return times, header


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--steps", type=int, default=5)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--size", choices=["tiny", "b16"], default="tiny")
    p.add_argument("--images", type=int, default=80)
    p.add_argument("--bench", default=os.path.join(HERE, "..", "build", "bin", "bench_recycle"))
    o = p.parse_args()
    runs = {k: [] for k in ("reference fp32", "reference bf16", "project auto", "project fp32")}
    header = ""
    for r in range(o.rounds):
        runs["reference fp32"].append(run_reference("fp32", o))
        runs["project auto"].append(run_project("auto", o)[0])
        runs["reference bf16"].append(run_reference("bf16", o))
        t, header = run_project("fp32", o)
        runs["project fp32"].append(t)
        print(f"round {r + 1}/{o.rounds} done", file=sys.stderr, flush=True)
    med = {k: {s: statistics.median(run[s] for run in v) for s in STEPS} for k, v in runs.items()}
    print(f"# {header}")
    print(f"# {o.rounds} interleaved rounds, {o.steps} timed steps per run (after a warm-up), "
          f"{o.threads} threads; ms are medians")
    print("| step | reference fp32 | reference bf16 autocast | LoRA Recycle fp32 | LoRA Recycle "
          "auto | auto vs best reference | auto vs own fp32 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for s in STEPS:
        best = min(med["reference fp32"][s], med["reference bf16"][s])
        print(f"| {LABELS[s]} | {med['reference fp32'][s]:.1f} | {med['reference bf16'][s]:.1f} | "
              f"{med['project fp32'][s]:.1f} | {med['project auto'][s]:.1f} | "
              f"{best / med['project auto'][s]:.2f}× | "
              f"{med['project fp32'][s] / med['project auto'][s]:.2f}× |")


if __name__ == "__main__":
    main()
