#!/bin/sh
# Quantize the model to a few types and compare how far each drifts from the original on the same text.
# Usage: examples/quantize-and-compare.sh [TEXT]   (the embedded model; add -m PATH for your own)
set -eu
cd "$(dirname "$0")/.."
text=${1:-Once upon a time}

for type in Q8_0 Q6_K Q4_K_M Q4_0; do
    echo "== $type"
    ./llmx quantize --type "$type" --drift "$text"
done
