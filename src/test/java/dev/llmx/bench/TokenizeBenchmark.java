package dev.llmx.bench;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.llmx.testing.Refs;
import dev.llmx.tokenize.tiktoken.TiktokenEncoding;
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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Encoding throughput of llmx's tiktoken encoder against jtokkit's {@code encodeOrdinary} on the whole of
 * War and Peace (../shared/refs/corpus/war-and-peace.txt, or -Dllmx.refs=DIR). One operation encodes the whole
 * text, so MB/s = ops/s × the text's UTF-8 size (printed at setup). See docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TokenizeBenchmark {
    @Param({"o200k_base", "cl100k_base", "p50k_base", "r50k_base"})
    public String encoding;

    private String text;
    private TiktokenEncoding llmx;
    private Encoding jtokkit;

    @Setup
    public void setUp() throws IOException {
        Path corpus = Refs.ROOT.resolve("corpus/war-and-peace.txt");
        if (!Files.exists(corpus)) {
            throw new IllegalStateException(corpus + " is absent; pass -Dllmx.refs=DIR to point at the refs");
        }
        text = Files.readString(corpus);
        llmx = TiktokenEncoding.load(encoding);
        jtokkit = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.fromName(encoding).orElseThrow());
        int[] ours = llmx.encode(text, false).ids();
        if (!Arrays.equals(ours, jtokkit.encodeOrdinary(text).toArray())) {
            throw new IllegalStateException("llmx and jtokkit disagree on the corpus");
        }
        System.out.printf("%n%s: %d UTF-8 bytes, %d tokens%n", encoding,
                text.getBytes(StandardCharsets.UTF_8).length, ours.length);
    }

    @Benchmark
    public int llmxEncode() {
        return llmx.encode(text, false).size();
    }

    @Benchmark
    public int jtokkitEncodeOrdinary() {
        return jtokkit.encodeOrdinary(text).size();
    }

    @Benchmark
    public int llmxCount() {
        return llmx.count(text, false);
    }

    @Benchmark
    public int jtokkitCountTokensOrdinary() {
        return jtokkit.countTokensOrdinary(text);
    }
}
