#!/usr/bin/env bash
# EqSpike MNIST benchmark: trains 784-500-10 on the full MNIST (60,000 training
# images, test accuracy on all 10,000 after every epoch), spiking and then the
# rate-based reference, each with the same settings, and evaluates the saved
# models. Long (tens of minutes on 2 cores): run it yourself, not in CI.
#
# Usage: benchmarks/eqspike-mnist.sh MNIST_DIR [EPOCHS] [SPINSIM_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
mnist=${1:?usage: benchmarks/eqspike-mnist.sh MNIST_DIR [EPOCHS] [SPINSIM_BINARY]}
epochs=${2:-20}
spinsim=${3:-}
if [ -z "$spinsim" ]; then
    swift build -c release --product spinsim
    spinsim=.build/release/spinsim
fi
mkdir -p models
for kind in spiking rate; do
    flag=""; out=models/eqspike-784-500-10.h5
    if [ "$kind" = rate ]; then flag=--rate; out=models/eqspike-rate-784-500-10.h5; fi
    echo "== $kind: $epochs epochs"
    /usr/bin/time -v nice -n 10 "$spinsim" eqspike train --mnist "$mnist" --hidden 500 --epochs "$epochs" \
        --seed 1 --save "$out" --force --no-progress $flag 2> >(grep -E "Elapsed|Maximum resident" >&2)
    "$spinsim" eqspike evaluate --mnist "$mnist" --model "$out"
done
