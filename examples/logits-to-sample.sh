#!/bin/sh
# The last two stages as a pipeline: 'logits' computes the next-token distribution once, and 'sample' runs the
# sampler chain on it (here with different settings, without running the model again).
# Usage: examples/logits-to-sample.sh [PROMPT]
set -eu
cd "$(dirname "$0")/.."
prompt=${1:-Once upon a time}
distribution=$(mktemp)
trap 'rm -f "$distribution"' EXIT

echo "== top-k 5, temperature 0.7 (the distribution is also kept for the next run)"
./llmx logits "$prompt" --top 50 --format json | tee "$distribution" | ./llmx sample --top-k 5 --temp 0.7 --seed 1
echo "== the same distribution, nucleus: top-p 0.9, 1000 draws"
./llmx sample --top-p 0.9 --draws 1000 --seed 1 < "$distribution"
