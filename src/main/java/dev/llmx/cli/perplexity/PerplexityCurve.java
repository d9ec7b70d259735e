package dev.llmx.cli.perplexity;

import dev.llmx.eval.Perplexity;
import dev.llmx.render.png.LineChart;

import java.io.IOException;
import java.nio.file.Path;

/** {@code --png}: each chunk's perplexity and the running estimate (per model) as a line chart. */
public final class PerplexityCurve {
    private PerplexityCurve() {
    }

    public static void write(Path file, PerplexityReport report) throws IOException {
        LineChart chart = new LineChart("Perplexity per chunk", "chunk", "perplexity");
        for (PerplexityReport.Named named : report.results()) {
            Perplexity.Result r = named.result();
            double[] chunk = new double[r.perChunk().size()];
            double[] running = new double[chunk.length];
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = r.perChunk().get(i).chunkPerplexity();
                running[i] = r.perChunk().get(i).runningPerplexity();
            }
            chart.series(named.model() + ": chunk", chunk);
            chart.series(named.model() + ": running", running);
        }
        chart.write(file);
    }
}
