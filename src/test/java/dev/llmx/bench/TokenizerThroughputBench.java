package dev.llmx.bench;

import dev.llmx.tokenize.Tokenizer;
import dev.llmx.tokenize.TokenizerRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Tokenizer throughput on War and Peace (3.2 MB), one whole-book encode per operation, for the vocabularies in the
 * reference data. Run it with
 * <pre>
 * mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) dev.llmx.bench.TokenizerThroughputBench
 * </pre>
 * which prints MB/s per vocabulary after JMH's own table (add {@code -Dllmx.refs=DIR} if the reference data is not in
 * {@code ../shared/refs}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class TokenizerThroughputBench {
    @Param({"llama-spm", "gpt-2", "deepseek-llm", "bert-bge", "llama-bpe", "phi-3", "stories260K-hf"})
    public String vocab;

    private Tokenizer tokenizer;
    private String text;

    @Setup
    public void setUp() throws Exception {
        Path refs = Path.of(System.getProperty("llmx.refs", "../shared/refs"));
        text = Files.readString(refs.resolve("corpus/war-and-peace.txt"), StandardCharsets.UTF_8);
        Path model = vocab.equals("stories260K-hf") ? refs.resolve("models/stories260K-hf")
                : refs.resolve("tokenizer/llama.cpp-vocab/ggml-vocab-" + vocab + ".gguf");
        tokenizer = TokenizerRegistry.open(model.toString());
    }

    @Benchmark
    public int encodeBook() {
        return tokenizer.encode(text, false).size();
    }

    public static void main(String[] args) throws Exception {
        Path refs = Path.of(System.getProperty("llmx.refs", "../shared/refs"));
        long bytes = Files.size(refs.resolve("corpus/war-and-peace.txt"));
        OptionsBuilder options = new OptionsBuilder();
        options.include(TokenizerThroughputBench.class.getSimpleName());
        options.jvmArgsAppend("-Dllmx.refs=" + refs.toAbsolutePath());
        if (args.length > 0) {
            options.param("vocab", args);
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        System.out.println();
        System.out.println("vocab            MB/s   (War and Peace, " + bytes + " bytes, mean of measured iterations)");
        for (RunResult r : results) {
            double ms = r.getPrimaryResult().getScore();
            System.out.printf(Locale.ROOT, "%-15s %6.1f%n", r.getParams().getParam("vocab"), bytes / 1e6 / (ms / 1e3));
        }
    }
}
