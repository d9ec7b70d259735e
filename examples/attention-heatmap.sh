#!/bin/sh
# Which earlier tokens each token of a sentence attends to: query × key heatmaps of one layer, per head.
# Run it in a terminal to see colours; add --format json for the numbers.
# Usage: examples/attention-heatmap.sh [SENTENCE] [LAYER]
set -eu
cd "$(dirname "$0")/.."
sentence=${1:-The cat that I saw yesterday was sleeping}
layer=${2:-4}

./llmx attend --layer "$layer" "$sentence"
echo "== the last token walked through score → softmax → mix of values"
./llmx attend --layer "$layer" --query 8 "$sentence"
