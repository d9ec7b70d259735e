package dev.llmx.cli.train;

import dev.llmx.render.Cells;
import dev.llmx.render.Terminal;
import dev.llmx.train.Trainer;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;

/**
 * What a training run shows on standard error while it runs (the table view only; scripts read --format jsonl):
 * on a terminal, the loss curve redrawn in place after each step with a status line (step, loss, validation
 * loss, learning rate, tokens/s); elsewhere a line per validation loss and per sample.
 */
public final class TrainLiveView implements AutoCloseable {
    private static final int HEIGHT = 8;

    private final Terminal terminal;
    private final int steps;
    private final boolean enabled;
    private final boolean live;
    private double[] train = new double[0];
    private double[] val = new double[0];
    private int drawnLines;

    public TrainLiveView(Terminal terminal, int steps, boolean enabled) {
        this.terminal = terminal;
        this.steps = steps;
        this.enabled = enabled && !terminal.quiet();
        this.live = this.enabled && terminal.progressOnStderr();
    }

    public void step(Trainer.Step s, String sample) {
        if (!enabled) {
            return;
        }
        int at = s.step();
        if (at >= train.length) {
            train = grow(train, at + 1);
            val = grow(val, at + 1);
        }
        train[at] = s.loss();
        val[at] = s.valLoss();
        String status = "step " + at + "/" + steps
                + (Double.isNaN(s.loss()) ? "" : "  loss " + Cells.format(round(s.loss())))
                + (Double.isNaN(s.valLoss()) ? "" : "  val " + Cells.format(round(s.valLoss())) + " (ppl "
                + Cells.format(round(Math.exp(s.valLoss()))) + ")")
                + (s.seconds() > 0 ? "  lr " + String.format("%.2e", s.lr()) + "  "
                + Math.round(s.tokens() / s.seconds()) + " tok/s" : "");
        PrintWriter err = terminal.err();
        if (!live) {
            if (!Double.isNaN(s.valLoss()) || sample != null) {
                err.println(status + (sample != null ? "  sample: " + oneLine(sample) : ""));
                err.flush();
            }
            return;
        }
        erase(err);
        if (sample != null) {
            err.println("step " + at + " sample: " + oneLine(sample));
        }
        List<String> chart = LossChart.draw(Arrays.copyOf(train, at + 1), Arrays.copyOf(val, at + 1), Math.max(steps, at), terminal.width(), HEIGHT);
        for (String line : chart) {
            err.println(line);
        }
        err.println(status);
        err.flush();
        drawnLines = chart.size() + 1;
    }

    private void erase(PrintWriter err) {
        if (drawnLines > 0) {
            err.print("\033[" + drawnLines + "A\033[J");
        }
        drawnLines = 0;
    }

    private static String oneLine(String s) {
        return s.replace("\n", "⏎").replace("\r", "");
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static double[] grow(double[] a, int n) {
        double[] b = Arrays.copyOf(a, Math.max(n, a.length * 2));
        Arrays.fill(b, a.length, b.length, Double.NaN);
        return b;
    }

    /** Leaves the last drawing on the screen (the curve stays visible above the summary). */
    @Override
    public void close() {
        // nothing to undo: the drawing ends with a newline
    }
}
