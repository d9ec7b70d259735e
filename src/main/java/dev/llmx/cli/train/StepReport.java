package dev.llmx.cli.train;

import dev.llmx.render.Report;
import dev.llmx.render.Table;
import dev.llmx.train.Trainer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One training step as {@code --format jsonl|csv} shows it (see docs/train.md for the keys). */
public record StepReport(Trainer.Step step, String sampleText) implements Report {
    static Object number(double v) {
        return Double.isFinite(v) ? (Object) v : null;
    }

    @Override
    public Object toJson() {
        Map<String, Object> o = new LinkedHashMap<>();
        Trainer.Step s = step;
        boolean closing = Double.isNaN(s.loss());
        o.put("record", "step");
        o.put("step", s.step());
        o.put("lr", closing ? null : s.lr());
        o.put("loss", number(s.loss()));
        o.put("val_loss", number(s.valLoss()));
        o.put("val_ppl", number(Math.exp(s.valLoss())));
        o.put("grad_norm", number(s.gradNorm()));
        o.put("clipped", s.clipped());
        o.put("tokens", s.tokens());
        o.put("tokens_per_s", s.seconds() > 0 ? s.tokens() / s.seconds() : null);
        o.put("forward_ms", s.forwardSeconds() * 1e3);
        o.put("backward_ms", s.backwardSeconds() * 1e3);
        o.put("update_ms", s.updateSeconds() * 1e3);
        List<Object> groups = new ArrayList<>();
        for (Trainer.GroupStats g : s.groups()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("group", g.group());
            m.put("grad_norm", g.gradNorm());
            m.put("weight_norm", g.weightNorm());
            m.put("update_ratio", g.updateRatio());
            groups.add(m);
        }
        o.put("groups", groups);
        o.put("sample", sampleText);
        if (s.sample() != null) {
            List<Object> ids = new ArrayList<>();
            for (int id : s.sample()) {
                ids.add(id);
            }
            o.put("sample_tokens", ids);
        } else {
            o.put("sample_tokens", null);
        }
        return o;
    }

    @Override
    public Table toTable() {
        Table t = new Table().right("step", "lr", "loss", "val_loss", "val_ppl", "grad_norm", "tokens_per_s",
                "forward_ms", "backward_ms", "update_ms").left("sample");
        Trainer.Step s = step;
        t.row(s.step(), Double.isNaN(s.loss()) ? null : s.lr(), number(s.loss()), number(s.valLoss()),
                number(Math.exp(s.valLoss())), number(s.gradNorm()),
                s.seconds() > 0 ? s.tokens() / s.seconds() : null, s.forwardSeconds() * 1e3,
                s.backwardSeconds() * 1e3, s.updateSeconds() * 1e3, sampleText);
        return t;
    }
}
