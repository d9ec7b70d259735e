package dev.llmx.cli;

import dev.llmx.kvcache.KvModel;
import dev.llmx.kvcache.ParameterCount;
import dev.llmx.kvcache.Presets;
import dev.llmx.render.Report;
import dev.llmx.render.Table;
import dev.llmx.render.TextOut;
import dev.llmx.render.Units;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code llmx kv-cost --preset list}: the built-in models, their shapes and where the values came from. */
final class PresetListReport implements Report {
    private final List<Presets.Preset> presets;

    PresetListReport(List<Presets.Preset> presets) {
        this.presets = presets;
    }

    @Override
    public Object toJson() {
        List<Object> out = new ArrayList<>();
        for (Presets.Preset p : presets) {
            Map<String, Object> m = KvCostReport.modelJson(p.model());
            m.put("aliases", p.aliases());
            ParameterCount.of(p.model()).ifPresent(c -> {
                m.put("params_total", c.total());
                m.put("params_active", c.active());
            });
            out.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("presets", out);
        return root;
    }

    /** CSV: exact integers. */
    @Override
    public Table toTable() {
        return table(false);
    }

    @Override
    public void writeText(TextOut out) {
        out.table(table(true));
    }

    private Table table(boolean human) {
        Table t = new Table().left("preset", "attention").right("layers", "heads", "kv_heads", "head_dim",
                "params_total", "native_context", "sliding_window", "sliding_layers").left("source");
        for (Presets.Preset p : presets) {
            KvModel m = p.model();
            long params = ParameterCount.of(m).map(ParameterCount::total).orElse(0L);
            int window = m.windows().window();
            t.row(p.id(), m.attentionKind(), m.layers(), m.heads(), m.mla().isPresent() ? "" : m.kvHeads(),
                    m.headDim(), human ? Units.count(params) : params,
                    human ? KvCostText.n(m.nativeContext()) : m.nativeContext(),
                    window == 0 ? "" : window, window == 0 ? "" : m.windows().slidingCount(), m.source().orElse(""));
        }
        return t;
    }
}
