package dev.llmx.cli.train;

import dev.llmx.render.Cells;
import dev.llmx.render.Report;
import dev.llmx.render.Table;
import dev.llmx.render.TextOut;
import dev.llmx.train.DpoTrainer;

import java.util.LinkedHashMap;
import java.util.Map;

/** The records of {@code llmx train --dpo}: one per step, and the run's summary. */
public final class DpoReports {
    private DpoReports() {
    }

    public record StepRecord(DpoTrainer.Step s) implements Report {
        @Override
        public Object toJson() {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("record", "dpo_step");
            o.put("step", s.step());
            o.put("lr", s.lr());
            o.put("loss", s.loss());
            o.put("margin", s.margin());
            o.put("accuracy", s.accuracy());
            o.put("chosen_reward", s.chosenReward());
            o.put("rejected_reward", s.rejectedReward());
            o.put("grad_norm", s.gradNorm());
            o.put("step_ms", s.seconds() * 1e3);
            return o;
        }

        @Override
        public Table toTable() {
            Table t = new Table().right("step", "lr", "loss", "margin", "accuracy", "chosen_reward",
                    "rejected_reward", "grad_norm", "step_ms");
            t.row(s.step(), s.lr(), s.loss(), s.margin(), s.accuracy(), s.chosenReward(), s.rejectedReward(),
                    s.gradNorm(), s.seconds() * 1e3);
            return t;
        }
    }

    public record Summary(String model, int pairs, double beta, String optimizer, DpoTrainer.Result result,
                          String output) implements Report {
        @Override
        public Object toJson() {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("record", "dpo_summary");
            o.put("model", model);
            o.put("pairs", pairs);
            o.put("beta", beta);
            o.put("optimizer", optimizer);
            o.put("steps", result.stepsDone());
            o.put("stop_reason", result.stop().jsonName());
            o.put("failure", result.failure());
            o.put("initial_loss", result.first().loss());
            o.put("initial_margin", result.first().margin());
            o.put("initial_accuracy", result.first().accuracy());
            o.put("final_loss", result.last().loss());
            o.put("final_margin", result.last().margin());
            o.put("final_accuracy", result.last().accuracy());
            o.put("output", output);
            return o;
        }

        @Override
        public Table toTable() {
            Table t = new Table().left("key").left("value");
            ((Map<?, ?>) toJson()).forEach((k, v) -> t.row(k, v));
            return t;
        }

        @Override
        public void writeText(TextOut out) {
            out.heading("Preference tuning (DPO, β " + beta + ") against a frozen copy of " + model);
            int w = 16;
            out.field("pairs", pairs, w);
            out.field("steps", result.stepsDone() + " (" + result.stop().jsonName() + ")", w);
            out.field("margin", Cells.format(result.first().margin()) + " → " + Cells.format(result.last().margin())
                    + "   (β·[Δlog p(chosen) − Δlog p(rejected)], over all pairs)", w);
            out.field("loss", Cells.format(result.first().loss()) + " → " + Cells.format(result.last().loss())
                    + "   (ln 2 = 0.6931 at the start: policy = reference)", w);
            out.field("accuracy", Cells.format(result.first().accuracy()) + " → "
                    + Cells.format(result.last().accuracy()) + "   (pairs whose margin is positive)", w);
            out.field("checkpoint", output == null ? "none (no -o)" : output, w);
        }
    }
}
