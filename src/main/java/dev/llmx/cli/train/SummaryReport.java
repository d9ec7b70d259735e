package dev.llmx.cli.train;

import dev.llmx.render.Cells;
import dev.llmx.render.Report;
import dev.llmx.render.Table;
import dev.llmx.render.TextOut;
import dev.llmx.render.Units;
import dev.llmx.train.LlamaShape;
import dev.llmx.train.Trainer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a training run did, at its end: data, model, throughput and its split, losses before and after. */
public record SummaryReport(String model, String init, LlamaShape shape, long parameters, String optimizer,
                            int trainTokens, int valTokens, int valScored, int length, int sequences,
                            Trainer.Result result, int threads, double tokens, double forwardSeconds,
                            double backwardSeconds, double updateSeconds, long heapEstimateBytes,
                            long activationBytes, long heapUsedBytes, String output,
                            List<Trainer.GroupStats> lastGroups, List<StepReport> steps,
                            Map<String, Object> sft) implements Report {

    private double stepSeconds() {
        return forwardSeconds + backwardSeconds + updateSeconds;
    }

    Map<String, Object> fields() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("record", "summary");
        o.put("model", model);
        o.put("init", init);
        o.put("parameters", parameters);
        o.put("d_model", shape.dModel());
        o.put("n_layers", shape.layers());
        o.put("n_heads", shape.heads());
        o.put("n_kv_heads", shape.kvHeads());
        o.put("ffn_size", shape.ffn());
        o.put("vocab_size", shape.vocab());
        o.put("tied_embeddings", shape.tied());
        o.put("optimizer", optimizer);
        o.put("ctx", length);
        o.put("batch", sequences);
        o.put("train_tokens", trainTokens);
        o.put("val_tokens", valTokens);
        o.put("val_scored", valScored);
        o.put("steps", result.stepsDone());
        o.put("stop_reason", result.stop().jsonName());
        o.put("failure", result.failure());
        o.put("initial_val_loss", StepReport.number(result.firstValLoss()));
        o.put("initial_val_ppl", StepReport.number(Math.exp(result.firstValLoss())));
        o.put("final_val_loss", StepReport.number(result.lastValLoss()));
        o.put("final_val_ppl", StepReport.number(Math.exp(result.lastValLoss())));
        o.put("threads", threads);
        double s = stepSeconds();
        o.put("tokens_per_s", s > 0 ? tokens / s : null);
        o.put("forward_share", s > 0 ? forwardSeconds / s : null);
        o.put("backward_share", s > 0 ? backwardSeconds / s : null);
        o.put("update_share", s > 0 ? updateSeconds / s : null);
        o.put("heap_estimate_bytes", heapEstimateBytes);
        o.put("activation_bytes", activationBytes);
        o.put("heap_used_bytes", heapUsedBytes);
        o.put("output", output);
        o.put("sft", sft);
        return o;
    }

    @Override
    public Object toJson() {
        Map<String, Object> o = fields();
        List<Object> groups = new ArrayList<>();
        for (Trainer.GroupStats g : lastGroups) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("group", g.group());
            m.put("grad_norm", g.gradNorm());
            m.put("weight_norm", g.weightNorm());
            m.put("update_ratio", g.updateRatio());
            groups.add(m);
        }
        o.put("last_groups", groups);
        if (steps != null) {
            List<Object> all = new ArrayList<>();
            for (StepReport r : steps) {
                all.add(r.toJson());
            }
            o.put("step_records", all);
        }
        return o;
    }

    @Override
    public Table toTable() {
        Table t = new Table().left("key").left("value");
        fields().forEach((k, v) -> t.row(k, v));
        return t;
    }

    @Override
    public void writeText(TextOut out) {
        out.heading("Training run");
        int w = 18;
        out.field("model", model + " (" + init + ", " + Units.count(parameters) + " parameters, d " + shape.dModel()
                + ", " + shape.layers() + " layers, " + shape.heads() + "/" + shape.kvHeads() + " heads)", w);
        out.field("data", trainTokens + " training tokens, " + valTokens + " validation tokens ("
                + valScored + " scored), batches of " + sequences + " × " + length, w);
        out.field("optimizer", optimizer, w);
        out.field("steps", result.stepsDone() + " (" + result.stop().jsonName() + ")", w);
        out.field("validation loss", Cells.format(result.firstValLoss()) + " → " + Cells.format(result.lastValLoss())
                + "   perplexity " + Cells.format(Math.exp(result.firstValLoss())) + " → "
                + Cells.format(Math.exp(result.lastValLoss())), w);
        double s = stepSeconds();
        if (s > 0) {
            out.field("throughput", Cells.format(tokens / s) + " tokens/s on " + threads + " thread"
                    + (threads == 1 ? "" : "s") + "; forward " + percent(forwardSeconds / s) + ", backward "
                    + percent(backwardSeconds / s) + ", update " + percent(updateSeconds / s), w);
        }
        out.field("heap", Units.bytes(heapEstimateBytes) + " (weights, gradients, optimizer state and "
                + Units.bytes(activationBytes) + " of activations per batch); " + Units.bytes(heapUsedBytes)
                + " used at most", w);
        out.field("checkpoint", output == null ? "none (no -o)" : output, w);
        if (sft != null) {
            out.field("conversations", sft.get("conversations") + " (" + sft.get("loss_tokens") + " assistant tokens "
                    + "in the loss, " + sft.get("masked_tokens") + " masked out), template " + sft.get("template"), w);
            out.field("loss mask", "the first conversation, assistant text (in the loss) between ⟦ ⟧:", w);
            out.line(String.valueOf(sft.get("mask_example")));
        }
        if (!lastGroups.isEmpty()) {
            out.line();
            out.line("Last step, per tensor group (update ratio ‖Δw‖/‖w‖: about 1e-3 is the usual healthy pace):");
            Table t = new Table().left("group").right("grad_norm", "weight_norm", "update_ratio");
            for (Trainer.GroupStats g : lastGroups) {
                t.row(g.group(), g.gradNorm(), g.weightNorm(), g.updateRatio());
            }
            out.table(t);
        }
    }

    private static String percent(double f) {
        return Cells.format(Math.round(f * 1000) / 10.0) + " %";
    }
}
