package dev.llmx.cli.bench;

import dev.llmx.kvcache.KvCacheTypes;
import dev.llmx.render.Cells;
import dev.llmx.render.Report;
import dev.llmx.render.Table;
import dev.llmx.render.TextOut;
import dev.llmx.render.Units;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of one test: every repetition's time and the throughput they give. Averages follow llama-bench:
 * {@code avg_tokens_per_s} is the mean of the repetitions' rates (not the rate of the mean time) and
 * {@code stddev_tokens_per_s} their sample standard deviation. JSON in docs/bench.md.
 */
public final class BenchRow implements Report {
    private final ModelSummary model;
    private final BenchTest test;
    private final long[] samplesNs;

    public BenchRow(ModelSummary model, BenchTest test, long[] samplesNs) {
        if (samplesNs.length == 0) {
            throw new IllegalArgumentException("a benchmark row needs at least one repetition");
        }
        this.model = model;
        this.test = test;
        this.samplesNs = samplesNs.clone();
    }

    public ModelSummary model() {
        return model;
    }

    public BenchTest test() {
        return test;
    }

    public long avgNs() {
        long sum = 0;
        for (long ns : samplesNs) {
            sum += ns;
        }
        return Math.round(sum / (double) samplesNs.length);
    }

    public double avgTokensPerSecond() {
        double sum = 0;
        for (long ns : samplesNs) {
            sum += rate(ns);
        }
        return sum / samplesNs.length;
    }

    /** The sample standard deviation of the repetitions' rates (0 for one repetition). */
    public double stddevTokensPerSecond() {
        if (samplesNs.length < 2) {
            return 0;
        }
        double mean = avgTokensPerSecond();
        double squares = 0;
        for (long ns : samplesNs) {
            double d = rate(ns) - mean;
            squares += d * d;
        }
        return Math.sqrt(squares / (samplesNs.length - 1));
    }

    private double rate(long ns) {
        // A run shorter than the clock's resolution cannot be timed; 0 rather than infinity keeps JSON valid.
        return ns <= 0 ? 0 : test.tokens() * 1e9 / ns;
    }

    @Override
    public Object toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model.name());
        m.put("model_size_bytes", model.sizeBytes());
        m.put("params", model.params());
        m.put("kernels", test.kernels());
        m.put("threads", test.threads());
        m.put("type_k", test.cacheTypes().keys().cliName());
        m.put("type_v", test.cacheTypes().values().cliName());
        m.put("test", test.name());
        m.put("n_prompt", test.nPrompt());
        m.put("n_gen", test.nGen());
        m.put("repetitions", samplesNs.length);
        m.put("samples_ns", samplesNs.clone());
        m.put("avg_ns", avgNs());
        m.put("avg_tokens_per_s", avgTokensPerSecond());
        m.put("stddev_tokens_per_s", stddevTokensPerSecond());
        return m;
    }

    /** The CSV columns: the JSON keys, with {@code samples_ns} as one field of numbers separated by spaces. */
    static Table csvTable() {
        return new Table().left("model").right("model_size_bytes", "params").left("kernels")
                .right("threads").left("type_k", "type_v", "test").right("n_prompt", "n_gen", "repetitions")
                .left("samples_ns")
                .right("avg_ns", "avg_tokens_per_s", "stddev_tokens_per_s");
    }

    void addCsvRow(Table table) {
        StringBuilder samples = new StringBuilder();
        for (long ns : samplesNs) {
            samples.append(samples.length() == 0 ? "" : " ").append(ns);
        }
        table.row(model.name(), model.sizeBytes(), model.params(), test.kernels(), test.threads(),
                test.cacheTypes().keys().cliName(), test.cacheTypes().values().cliName(), test.name(),
                test.nPrompt(), test.nGen(), samplesNs.length, samples.toString(), avgNs(), avgTokensPerSecond(),
                stddevTokensPerSecond());
    }

    /**
     * llama-bench's human columns: model, size, params, kernels (its "backend"), threads, the cache types when
     * {@code withCacheTypes} (llama-bench shows them when not the default), test, t/s as mean ± standard deviation.
     */
    static Table humanTable(boolean withCacheTypes) {
        Table t = new Table().left("model").right("size", "params").left("kernels").right("threads");
        if (withCacheTypes) {
            t.left("type_k", "type_v");
        }
        return t.right("test", "t/s");
    }

    /** This row's cells of {@link #humanTable}. */
    Object[] humanCells(boolean withCacheTypes) {
        return humanCells(model, test, Cells.fixed(avgTokensPerSecond(), 2) + " ± "
                + Cells.fixed(stddevTokensPerSecond(), 2), withCacheTypes);
    }

    /** The cells of {@link #humanTable} for {@code test} of {@code model} with its t/s cell {@code rate}. */
    static Object[] humanCells(ModelSummary model, BenchTest test, String rate, boolean withCacheTypes) {
        java.util.List<Object> cells = new java.util.ArrayList<>(java.util.List.of(model.name(),
                Units.bytes(model.sizeBytes()), Units.count(model.params()), test.kernels(), test.threads()));
        if (withCacheTypes) {
            cells.add(test.cacheTypes().keys().cliName());
            cells.add(test.cacheTypes().values().cliName());
        }
        cells.add(test.name());
        cells.add(rate);
        return cells.toArray();
    }

    /** Whether the human views show the cache types: only when they are not llama.cpp's default. */
    boolean showsCacheTypes() {
        return showsCacheTypes(test);
    }

    static boolean showsCacheTypes(BenchTest test) {
        return !test.cacheTypes().equals(KvCacheTypes.DEFAULT);
    }

    /** llama-bench's {@code -o md} columns, one row. */
    @Override
    public Table markdownTable() {
        Table t = humanTable(showsCacheTypes());
        t.row(humanCells(showsCacheTypes()));
        return t;
    }

    @Override
    public Table toTable() {
        Table table = csvTable();
        addCsvRow(table);
        return table;
    }

    @Override
    public void writeText(TextOut out) {
        new BenchTable(List.of(this)).writeText(out);
    }
}
