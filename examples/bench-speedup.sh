#!/bin/sh
# The Vector API kernels' speed-up over the plain-Java (scalar) ones, per test, from one `llmx bench` run.
# Usage: examples/bench-speedup.sh [MODEL]   (default: the model embedded in llmx)
set -eu
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then set -- -m "$1"; fi

# CSV columns: model,model_size_bytes,params,kernels,threads,test,n_prompt,n_gen,repetitions,samples_ns,
# avg_ns,avg_tokens_per_s,stddev_tokens_per_s (docs/bench.md). Scalar rows come before vector rows.
./llmx bench "$@" -r 3 --kernels scalar,vector --format csv | awk -F, '
    NR == 1 { next }
    $4 == "scalar" { scalar[$5 " " $6] = $12; next }
    {
        if (!header) { printf "%-8s %7s %12s %12s %8s\n", "test", "threads", "scalar t/s", "vector t/s", "speed-up"; header = 1 }
        key = $5 " " $6
        printf "%-8s %7d %12.1f %12.1f %7.1fx\n", $6, $5, scalar[key], $12, $12 / scalar[key]
    }'
