#!/bin/sh
# Runs every example with its defaults (the embedded model, files in this repository, no network) and fails when
# one fails. CI runs this (.ci/run); the output of each goes to target/examples/NAME.out.
set -eu
cd "$(dirname "$0")/.."
mkdir -p target/examples
status=0
for script in examples/*.sh; do
    name=$(basename "$script" .sh)
    [ "$name" = run-all ] && continue
    # A script passes when it exits 0 and prints something (an empty result means a step silently did nothing).
    if sh "$script" > "target/examples/$name.out" 2>&1 && [ -s "target/examples/$name.out" ]; then
        echo "ok    $script"
    else
        echo "FAIL  $script (output: target/examples/$name.out)"
        tail -n 20 "target/examples/$name.out"
        status=1
    fi
done
exit $status
