#!/bin/sh
# A REPL session as a script: the model is loaded once and every command reuses it. Standard input that is not a
# terminal is read line by line (no prompt, no banner); ':time on' prints each command's duration on stderr, which
# shows that only the first command pays for loading.
# Usage: examples/repl-session.sh [MODEL]
set -eu
cd "$(dirname "$0")/.."
model=${1:-}
./llmx repl ${model:+-m "$model"} <<'SCRIPT'
# Lines starting with # are comments; blank lines are skipped.
:time on
:info
tokenize --count "Once upon a time there was a little girl"
logits --top 5 "Once upon a time"
generate "Once upon a time" -n 24 --temp 0
kv-cost -c 2048
SCRIPT
