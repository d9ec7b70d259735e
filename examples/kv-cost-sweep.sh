#!/bin/sh
# KV-cache and weight memory of a few real models over a range of context lengths, into one CSV file.
# Usage: examples/kv-cost-sweep.sh [OUTPUT.csv]   (default: standard output)
set -eu
cd "$(dirname "$0")/.."
out=${1:-/dev/stdout}

first=1
for preset in llama-3-8b qwen3-8b gemma-3-27b; do
    if [ "$first" = 1 ]; then
        ./llmx kv-cost --preset "$preset" --context 1k,4k,16k,64k,128k --format csv
        first=0
    else
        # Same columns for every preset: keep the header of the first one only.
        ./llmx kv-cost --preset "$preset" --context 1k,4k,16k,64k,128k --format csv | tail -n +2
    fi
done > "$out"
