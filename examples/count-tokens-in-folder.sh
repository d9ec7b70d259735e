#!/bin/sh
# Count the tokens of every file in a folder with two tokenizers, one CSV line per file.
# Usage: examples/count-tokens-in-folder.sh [FOLDER] [ENCODING_A] [ENCODING_B]   (default: docs, cl100k_base, o200k_base)
set -eu
cd "$(dirname "$0")/.."
folder=${1:-docs}
a=${2:-cl100k_base}
b=${3:-o200k_base}

# The n_tokens column of 'tokenize --count --format csv' (a header line, then one line of counts).
count() {
    ./llmx tokenize --count --format csv -e "$1" -f "$2" |
        awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "n_tokens") column = i } NR == 2 { print $column }
                   END { if (!column) exit 1 }'
}

echo "file,$a,$b"
find "$folder" -type f | sort | while IFS= read -r file; do
    echo "$file,$(count "$a" "$file"),$(count "$b" "$file")"
done
