package dev.llmx.cli;

import dev.llmx.cli.generate.TextStream;
import dev.llmx.engine.Generator;
import dev.llmx.tokenize.Tokenizer;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** When a generating command stops, besides {@code -n}: {@code --stop STRING}, {@code --ignore-eos}. */
public final class StopOptions {
    @Option(names = "--stop", paramLabel = "STRING",
            description = "Stop when the text contains STRING (repeatable); the output ends before it. "
                    + "Use the shell for a newline: --stop $'\\n'.")
    List<String> stops = new ArrayList<>();

    @Option(names = "--ignore-eos",
            description = "Do not stop at end-of-generation tokens: they are never sampled (as llama.cpp does), so "
                    + "generation runs to -n or the end of the context.")
    boolean ignoreEos;

    public List<String> stops() {
        return stops;
    }

    /** The stopping rules: the tokenizer's end-of-generation tokens (unless ignored) and {@code stream}'s stop strings. */
    public Generator.Stopping stopping(Tokenizer tokenizer, int vocabRows, TextStream stream) {
        Generator.StopCheck check = stops.isEmpty() ? null : id -> stream.stopped(); // the listener pushed id
        if (ignoreEos) {
            return new Generator.Stopping(id -> false, endOfGenerationIds(tokenizer, vocabRows), check);
        }
        return new Generator.Stopping(tokenizer::isEndOfGeneration, new int[0], check);
    }

    /** Every id below {@code vocabRows} that ends generation (eos, eot, {@code <|im_end|>} …). */
    static int[] endOfGenerationIds(Tokenizer tokenizer, int vocabRows) {
        int n = Math.min(vocabRows, tokenizer.vocabSize());
        int[] ids = new int[16];
        int count = 0;
        for (int id = 0; id < n; id++) {
            if (tokenizer.isValid(id) && tokenizer.isEndOfGeneration(id)) {
                if (count == ids.length) {
                    ids = java.util.Arrays.copyOf(ids, count * 2);
                }
                ids[count++] = id;
            }
        }
        return java.util.Arrays.copyOf(ids, count);
    }
}
