package dev.llmx.cli.train;

import dev.llmx.render.Cells;
import dev.llmx.render.Report;
import dev.llmx.render.Table;
import dev.llmx.render.TextOut;
import dev.llmx.train.StepExplainer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** {@code llmx train --explain}: one step's three passes, as numbers. */
public record ExplainReport(StepExplainer.Explained step, int[] inputs, int[] targets, IntFunction<String> piece,
                            String optimizer) implements Report {
    @Override
    public Object toJson() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("optimizer", optimizer);
        o.put("lr", step.lr());
        o.put("loss", step.loss());
        List<Object> positions = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("position", i);
            m.put("token_id", inputs[i]);
            m.put("piece", piece.apply(inputs[i]));
            m.put("target_id", targets[i]);
            m.put("target_piece", piece.apply(targets[i]));
            m.put("loss", (double) step.positionLosses()[i]);
            positions.add(m);
        }
        o.put("positions", positions);
        List<Object> grads = new ArrayList<>();
        for (StepExplainer.GradientRecord g : step.gradients()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("order", g.order());
            m.put("tensor", g.tensor());
            m.put("grad_norm", g.gradNorm());
            grads.add(m);
        }
        o.put("gradients", grads);
        List<Object> weights = new ArrayList<>();
        for (StepExplainer.WeightRecord w : step.weights()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tensor", w.tensor());
            m.put("row", w.row());
            m.put("column", w.column());
            m.put("value", w.value());
            m.put("gradient", w.gradient());
            m.put("m", StepReport.number(w.m()));
            m.put("v", StepReport.number(w.v()));
            m.put("update", w.update());
            m.put("new_value", w.newValue());
            weights.add(m);
        }
        o.put("weights", weights);
        return o;
    }

    /** CSV: the chosen weights through the update (the fullest of the three tables). */
    @Override
    public Table toTable() {
        Table t = new Table().left("tensor").right("row", "column", "value", "gradient", "m", "v", "update",
                "new_value");
        for (StepExplainer.WeightRecord w : step.weights()) {
            t.row(w.tensor(), w.row(), w.column(), w.value(), w.gradient(), StepReport.number(w.m()),
                    StepReport.number(w.v()), w.update(), w.newValue());
        }
        return t;
    }

    @Override
    public void writeText(TextOut out) {
        out.heading("1. Forward: how wrong is the model at each position? (loss = −ln p(next token))");
        Table f = new Table().right("position").left("token", "next").right("loss", "p_next");
        for (int i = 0; i < inputs.length; i++) {
            double l = step.positionLosses()[i];
            f.row(i, piece.apply(inputs[i]), piece.apply(targets[i]), l, Math.exp(-l));
        }
        out.table(f);
        out.line("mean loss " + Cells.format(step.loss()) + " (perplexity " + Cells.format(Math.exp(step.loss())) + ")");
        out.line();
        out.heading("2. Backward: gradient norms, in the order the backward pass finishes them (output first)");
        Table b = new Table().right("order").left("tensor").right("grad_norm");
        for (StepExplainer.GradientRecord g : step.gradients()) {
            b.row(g.order(), g.tensor(), g.gradNorm());
        }
        out.table(b);
        out.line();
        out.heading("3. Update (" + optimizer + ", lr " + step.lr() + "): in each tensor the weight with the "
                + "largest gradient");
        out.table(toTable());
    }
}
