#!/usr/bin/env bash
# Accuracy of the shipped detectors on the benchmark against phase noise
# (linewidth, three noise seeds) and coupling strength (noiseless).
# Usage: examples/cheese/sweep.sh [path/to/spinsim] (use a release build).
set -euo pipefail
cd "$(dirname "$0")/../.."
spinsim=${1:-.build/release/spinsim}
data=datasets/cheese/benchmark.csv
accuracy() { "$spinsim" cheese classify --model phase --data "$data" "$@" | sed -n 's/^accuracy \([0-9]*\)\/.*/\1/p'; }
echo "| linewidth (MHz) | cheddar | brie | cheshire | stilton |  (correct of 40, seeds 1 / 2 / 3)"
echo "|---|---|---|---|---|"
for linewidth in 0 0.1 0.2 0.5 1; do
    row="| $linewidth |"
    for target in cheddar brie cheshire stilton; do
        cell=""
        for seed in 1 2 3; do cell="$cell${cell:+ / }$(accuracy --target "$target" --linewidth "$linewidth" --seed "$seed")"; done
        row="$row $cell |"
    done
    echo "$row"
done
echo
echo "| coupling K (MHz) | cheddar | brie | cheshire | stilton |  (correct of 40, no noise)"
echo "|---|---|---|---|---|"
for coupling in 0 0.5 1 1.5 2 2.5 3 4 6; do
    row="| $coupling |"
    for target in cheddar brie cheshire stilton; do row="$row $(accuracy --target "$target" --coupling "$coupling") |"; done
    echo "$row"
done
