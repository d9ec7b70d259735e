package dev.llmx.cli;

import dev.llmx.kvcache.CacheCheck;
import dev.llmx.kvcache.ComputeCost;
import dev.llmx.kvcache.ElementType;
import dev.llmx.kvcache.KvCacheCost;
import dev.llmx.kvcache.KvModel;
import dev.llmx.kvcache.Mla;
import dev.llmx.kvcache.PagedCache;
import dev.llmx.kvcache.ParameterCount;
import dev.llmx.render.Table;
import dev.llmx.render.TextOut;
import dev.llmx.render.Units;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The human view of a {@link KvCostReport}: every number is shown next to the formula that makes it. */
final class KvCostText {
    private static final int LABEL = 14;

    private final KvCostReport r;
    private final TextOut out;
    private final KvCacheCost cache;
    private final KvModel model;

    KvCostText(KvCostReport report, TextOut out) {
        this.r = report;
        this.out = out;
        this.cache = report.cache;
        this.model = report.model();
    }

    void write() {
        writeModel();
        out.line();
        writeSweep();
        r.compute.ifPresent(this::writeCompute);
        r.request.memoryBytes().ifPresent(this::writeMemory);
        if (r.request.paged().isPresent()) {
            writePaged(r.request.paged().get().cache());
        }
        if (!r.heads.isEmpty()) {
            writeHeads();
        }
        r.verify.ifPresent(this::writeVerify);
    }

    private void writeVerify(CacheCheck c) {
        out.line();
        out.heading("Verify: the engine's KV cache, allocated, against the estimate (" + c.comparedType().cliName()
                + ", context " + n(c.context()) + ", one sequence)");
        Table t = new Table().left("").right("bytes", "size");
        t.row("estimate", n(c.estimatedBytes()), Units.bytes(c.estimatedBytes()));
        t.row("allocated", n(c.allocatedBytes()), Units.bytes(c.allocatedBytes()));
        if (!c.equal()) {
            t.row("difference", n(c.differenceBytes()), Units.bytes(Math.abs(c.differenceBytes())));
            if (c.pageRoundingBytes() != 0) {
                t.row("  page rounding", n(c.pageRoundingBytes()), Units.bytes(c.pageRoundingBytes()));
            }
            if (c.windowBytes() != 0) {
                t.row("  sliding windows kept whole", n(c.windowBytes()), Units.bytes(c.windowBytes()));
            }
            if (c.unexplainedBytes() != 0) {
                t.row("  unexplained", n(c.unexplainedBytes()), Units.bytes(Math.abs(c.unexplainedBytes())));
            }
        }
        out.table(t);
        out.field("equal", c.equal() ? "yes" : "no", LABEL);
        out.field("note", c.note(), LABEL);
    }

    static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    private void writeModel() {
        ElementType t = cache.type();
        out.heading(model.name() + " · " + model.attentionKind() + " · " + model.layers() + " layers · "
                + t.cliName() + " KV cache");
        model.source().ifPresent(s -> out.field("source", s, LABEL));
        if (model.mla().isPresent()) {
            Mla a = model.mla().get();
            out.field("K per token", a.kvLoraRank() + " latent + " + a.qkRopeHeadDim() + " RoPE = "
                    + valuesBytes(a.cachedValues(), t) + " per layer", LABEL);
            out.field("V per token", "none: read back from the latent in K (llama.cpp MLA cache)", LABEL);
        } else {
            out.field("K per token", Units.plural(model.kvHeads(), "KV head") + " × " + model.headDim() + " = "
                    + valuesBytes(model.kValuesPerToken(), t) + " per layer", LABEL);
            out.field("V per token", Units.plural(model.kvHeads(), "KV head") + " × " + model.valueHeadDim() + " = "
                    + valuesBytes(model.vValuesPerToken(), t) + " per layer", LABEL);
        }
        out.field("per token", model.layers() + " layers × " + Units.bytes(cache.bytesPerTokenPerLayer()) + " = "
                + Units.bytes(cache.bytesPerToken()) + " (" + n(cache.bytesPerToken()) + " B)", LABEL);
        out.field("window", model.windows().describe(), LABEL);
        if (r.compute.isPresent()) {
            ComputeCost c = r.compute.get();
            ParameterCount p = c.params();
            out.field("parameters", params(p.total()) + " total, " + params(p.active())
                    + " active per token", LABEL);
            String bits = c.weightType() instanceof dev.llmx.kvcache.FileWeights f
                    ? String.format(java.util.Locale.ROOT, " (%.2f bits/weight)", f.bitsPerWeight()) : "";
            out.field("weights", c.weightType().label() + ": " + Units.bytes(c.weightsBytes()) + bits, LABEL);
        }
        model.notes().ifPresent(s -> out.field("note", s, LABEL));
    }

    /** "1,024 values × 2 B = 2.00 KiB" or, for block types, "1,024 values ÷ 32 × 34 B = 1.06 KiB". */
    private static String valuesBytes(long values, ElementType t) {
        String how = t.blockValues() == 1
                ? n(values) + " values × " + t.blockBytes() + " B"
                : n(values) + " values ÷ " + t.blockValues() + " × " + t.blockBytes() + " B";
        return how + " = " + Units.bytes(t.bytes(values));
    }

    private void writeSweep() {
        boolean weights = r.compute.isPresent();
        boolean memory = r.request.memoryBytes().isPresent();
        String batch = r.request.batch() > 1 ? " (batch " + r.request.batch() + ")" : "";
        out.heading("KV cache by context" + batch);
        Table t = new Table().right("context").left("formula").right("kv_cache");
        if (weights) {
            t.right("weights", "total");
        }
        if (memory) {
            t.left("fits");
        }
        for (KvCostReport.Row row : r.rows) {
            List<Object> cells = new ArrayList<>(List.of(n(row.context()), formula(row.context()),
                    Units.bytes(row.kvBytes())));
            if (weights) {
                cells.add(Units.bytes(row.weightsBytes()));
                cells.add(Units.bytes(row.neededBytes()));
            }
            if (memory) {
                cells.add(row.fits() ? "yes" : "no");
            }
            t.row(cells.toArray());
        }
        out.table(t);
    }

    /** "24 × 8,192 × 4.00 KiB + 8 × 512 × 4.00 KiB", times the batch. */
    private String formula(long context) {
        List<String> parts = new ArrayList<>();
        for (KvCacheCost.LayerGroup g : cache.groups()) {
            boolean capped = g.sliding() && context > g.window();
            parts.add(g.layers() + " × " + n(g.tokensHeld(context)) + (capped ? " (window)" : "") + " × "
                    + Units.bytes(cache.bytesPerTokenPerLayer()));
        }
        String sum = String.join(" + ", parts);
        return r.request.batch() > 1 ? "(" + sum + ") × " + r.request.batch() : sum;
    }

    private void writeCompute(ComputeCost c) {
        KvCostReport.Row d = r.detail();
        long ctx = d.context();
        out.line();
        out.heading("Compute at " + n(ctx) + " tokens");
        out.field("per token", "2 × " + params(c.params().matmulActive()) + " weights = "
                + flops(c.baseFlopsPerToken()) + ", + attention " + flops(c.attentionFlopsPerPosition())
                + " per position seen per layer (2 × " + model.heads() + " heads × (" + model.scoreDim() + " + "
                + model.valueDim() + "))", LABEL);
        out.field("prefill", n(ctx) + " tokens: " + flops(d.prefillFlops()), LABEL);
        out.field("next token", "with KV cache " + flops(d.decodeFlopsWithCache()) + "; without (recompute "
                + n(ctx + 1) + " tokens) " + flops(d.decodeFlopsWithoutCache()) + ", "
                + ratio(d.decodeFlopsWithoutCache(), d.decodeFlopsWithCache()) + " as much", LABEL);
        long batch = r.request.batch();
        out.field("decode step", "weights " + Units.bytes(c.weightsReadPerStep(batch)) + " + KV read "
                + Units.bytes(d.kvBytes()) + " + KV write " + Units.bytes(cache.bytesPerToken() * batch) + " = "
                + Units.bytes(d.decodeTrafficBytes()) + " moved", LABEL);
        if (d.tokensPerSecond() != null) {
            double gbps = r.request.bandwidth().orElseThrow() / 1e9;
            out.field("ceiling", String.format(Locale.ROOT, "%.1f tokens/s at %s GB/s (%s sequence%s × bandwidth"
                    + " ÷ bytes moved per step)", d.tokensPerSecond(), trim(gbps), n(batch), batch == 1 ? "" : "s"),
                    LABEL);
        }
    }

    /** "15.0 GFLOP". */
    private static String flops(double f) {
        String c = Units.count(f);
        char last = c.charAt(c.length() - 1);
        return Character.isLetter(last) ? c.substring(0, c.length() - 1) + " " + last + "FLOP" : c + " FLOP";
    }

    /** Parameter counts the way model names say them: "8.03B", "135M". */
    private static String params(long p) {
        String c = Units.count(p);
        return c.endsWith("G") ? c.substring(0, c.length() - 1) + "B" : c;
    }

    private static String ratio(double a, double b) {
        return String.format(Locale.ROOT, "%,.0f×", a / b);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? n((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private void writeMemory(long memory) {
        out.line();
        out.heading("Memory " + Units.bytes(memory));
        KvCostReport.Row d = r.detail();
        String needed = r.compute.isPresent()
                ? "weights " + Units.bytes(d.weightsBytes()) + " + cache " + Units.bytes(d.kvBytes()) + " = "
                + Units.bytes(d.neededBytes())
                : "cache " + Units.bytes(d.kvBytes()) + " (weights unknown: give --params)";
        out.field("at " + n(d.context()), needed + (d.fits() ? " fits" : " does not fit"), LABEL);
        String cap = r.maxContext == r.request.searchLimit() ? " (the search stops at " + n(r.request.searchLimit())
                + ")" : "";
        out.field("max context", r.maxContext == 0 ? "none: the weights alone do not fit"
                : n(r.maxContext) + " tokens" + (r.request.batch() > 1 ? " per sequence" : "") + cap, LABEL);
    }

    private void writePaged(PagedCache paged) {
        out.line();
        out.heading("Paged cache: blocks of " + paged.blockSize() + " tokens (" + Units.bytes(paged.blockBytes())
                + " per layer)");
        Table t = new Table().right("tokens", "blocks/layer", "blocks", "allocated", "used", "wasted");
        long allocated = 0;
        long used = 0;
        for (PagedCache.Sequence s : r.sequences) {
            t.row(n(s.tokens()), n(s.blocksPerLayer()), n(s.blocks()), Units.bytes(s.allocatedBytes()),
                    Units.bytes(s.usedBytes()), Units.bytes(s.wastedBytes()));
            allocated += s.allocatedBytes();
            used += s.usedBytes();
        }
        if (r.sequences.size() > 1) {
            t.row("all", "", "", Units.bytes(allocated), Units.bytes(used), Units.bytes(allocated - used));
        }
        out.table(t);
    }

    private void writeHeads() {
        out.line();
        out.heading("Head layouts at " + n(r.detail().context()) + " tokens");
        Table t = new Table().left("layout", "published").right("bytes/token", "kv_cache", "vs_published");
        long published = r.heads.stream().filter(h -> h.variant().published()).mapToLong(
                KvCostReport.HeadRow::totalBytes).findFirst().orElse(r.detail().kvBytes());
        for (KvCostReport.HeadRow h : r.heads) {
            t.row(h.variant().label(), h.variant().published() ? "yes" : "", Units.bytes(h.bytesPerToken()),
                    Units.bytes(h.totalBytes()), String.format(Locale.ROOT, "%.2f×", (double) h.totalBytes() / published));
        }
        out.table(t);
    }
}
