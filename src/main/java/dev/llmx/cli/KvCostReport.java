package dev.llmx.cli;

import dev.llmx.kvcache.AttentionWindows;
import dev.llmx.kvcache.CacheCheck;
import dev.llmx.kvcache.ComputeCost;
import dev.llmx.kvcache.HeadVariants;
import dev.llmx.kvcache.KvCacheCost;
import dev.llmx.kvcache.KvModel;
import dev.llmx.kvcache.PagedCache;
import dev.llmx.kvcache.ParameterCount;
import dev.llmx.render.Report;
import dev.llmx.render.Table;
import dev.llmx.render.TextOut;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The answer of {@code llmx kv-cost}: everything is computed when the report is built (so an overflow surfaces as
 * an error, not half-way through printing), then shown as JSON (docs/kv-cost.md), CSV (one row per context) or the
 * human view ({@link KvCostText}).
 */
final class KvCostReport implements Report {
    /** What the user asked: contexts sorted ascending, the last one being the one described in detail. */
    record Request(List<Long> contexts, long batch, Optional<Long> memoryBytes, Optional<Double> bandwidth,
                   Optional<Paged> paged, boolean compareHeads, long searchLimit) {
        long context() {
            return contexts.get(contexts.size() - 1);
        }
    }

    /** A paged cache and the sequences in it. */
    record Paged(PagedCache cache, List<Long> sequences) {
    }

    /** One context of the sweep; compute fields are null when the model's layer sizes are unknown. */
    record Row(long context, long kvBytes, Long weightsBytes, Long neededBytes, Boolean fits, Double prefillFlops,
               Double decodeFlopsWithCache, Double decodeFlopsWithoutCache, Long decodeTrafficBytes,
               Double tokensPerSecond) {
    }

    /** One head layout of the comparison, at the detailed context. */
    record HeadRow(HeadVariants.Variant variant, long bytesPerToken, long totalBytes) {
    }

    final KvCacheCost cache;
    final Optional<ComputeCost> compute;
    final Request request;
    final List<Row> rows;
    final Long maxContext;
    final List<PagedCache.Sequence> sequences;
    final List<HeadRow> heads;
    /** With --verify: the engine's real cache against the estimate. */
    final Optional<CacheCheck> verify;

    private KvCostReport(KvCacheCost cache, Optional<ComputeCost> compute, Request request, List<Row> rows,
                         Long maxContext, List<PagedCache.Sequence> sequences, List<HeadRow> heads,
                         Optional<CacheCheck> verify) {
        this.verify = verify;
        this.cache = cache;
        this.compute = compute;
        this.request = request;
        this.rows = rows;
        this.maxContext = maxContext;
        this.sequences = sequences;
        this.heads = heads;
    }

    /**
     * @throws ArithmeticException      when a number does not fit in 64 bits
     * @throws IllegalArgumentException when the head comparison is asked of a model without query heads
     */
    static KvCostReport build(KvCacheCost cache, Optional<ComputeCost> compute, Request request,
                              Optional<CacheCheck> verify) {
        List<Row> rows = new ArrayList<>();
        for (long c : request.contexts()) {
            rows.add(row(cache, compute, request, c));
        }
        Long maxContext = request.memoryBytes().map(mem -> {
            long weights = compute.map(ComputeCost::weightsBytes).orElse(0L);
            return mem < weights ? 0L : cache.maxContext(mem - weights, request.batch(), request.searchLimit());
        }).orElse(null);
        List<PagedCache.Sequence> sequences = new ArrayList<>();
        request.paged().ifPresent(p -> p.sequences().forEach(s -> sequences.add(p.cache().sequence(s))));
        List<HeadRow> heads = new ArrayList<>();
        if (request.compareHeads()) {
            for (HeadVariants.Variant v : HeadVariants.of(cache.model())) {
                KvCacheCost variantCache = new KvCacheCost(v.model(), cache.type());
                heads.add(new HeadRow(v, variantCache.bytesPerToken(),
                        variantCache.totalBytes(request.context(), request.batch())));
            }
        }
        return new KvCostReport(cache, compute, request, List.copyOf(rows), maxContext, List.copyOf(sequences),
                List.copyOf(heads), verify);
    }

    private static Row row(KvCacheCost cache, Optional<ComputeCost> compute, Request request, long c) {
        long kv = cache.totalBytes(c, request.batch());
        if (compute.isEmpty()) {
            Boolean fits = request.memoryBytes().map(mem -> kv <= mem).orElse(null);
            return new Row(c, kv, null, null, fits, null, null, null, null, null);
        }
        ComputeCost cc = compute.get();
        long needed = Math.addExact(cc.weightsBytes(), kv);
        Boolean fits = request.memoryBytes().map(mem -> needed <= mem).orElse(null);
        Double tps = request.bandwidth().map(bw -> cc.tokensPerSecondCeiling(bw, c, request.batch())).orElse(null);
        return new Row(c, kv, cc.weightsBytes(), needed, fits, cc.prefillFlops(c), cc.decodeFlopsWithCache(c),
                cc.decodeFlopsWithoutCache(c), cc.decodeTrafficBytes(c, request.batch()), tps);
    }

    KvModel model() {
        return cache.model();
    }

    /** The row of the detailed (largest) context. */
    Row detail() {
        return rows.get(rows.size() - 1);
    }

    @Override
    public Object toJson() {
        Row d = detail();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", modelJson(model()));
        m.put("kv_type", cache.type().cliName());
        m.put("batch", request.batch());
        m.put("context", d.context());
        m.put("k_bytes_per_token_per_layer", cache.kBytesPerTokenPerLayer());
        m.put("v_bytes_per_token_per_layer", cache.vBytesPerTokenPerLayer());
        m.put("bytes_per_token", cache.bytesPerToken());
        m.put("total_bytes", d.kvBytes());
        m.put("layers", layersJson(d.context()));
        Optional<ParameterCount> p = compute.map(ComputeCost::params);
        m.put("params_total", p.map(ParameterCount::total).orElse(null));
        m.put("params_active", p.map(ParameterCount::active).orElse(null));
        m.put("weights_type", compute.map(c -> c.weightType().label()).orElse(null));
        m.put("weights_bytes", d.weightsBytes());
        m.put("memory_needed_bytes", d.neededBytes());
        m.put("memory_bytes", request.memoryBytes().orElse(null));
        m.put("fits", d.fits());
        m.put("max_context", maxContext);
        m.put("max_context_cap", request.memoryBytes().isPresent() ? request.searchLimit() : null);
        m.put("flops", compute.map(c -> flopsJson(c, d)).orElse(null));
        m.put("decode", compute.map(c -> decodeJson(c, d)).orElse(null));
        List<Object> sweep = new ArrayList<>();
        for (Row r : rows) {
            sweep.add(rowJson(r));
        }
        m.put("sweep", sweep);
        m.put("paged", request.paged().map(this::pagedJson).orElse(null));
        m.put("compare_heads", request.compareHeads() ? headsJson() : null);
        m.put("verify", verify.map(KvCostReport::verifyJson).orElse(null));
        return m;
    }

    private static Map<String, Object> verifyJson(CacheCheck c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kv_type", c.comparedType().cliName());
        m.put("requested_kv_type", c.requestedType().cliName());
        m.put("context", c.context());
        m.put("estimated_bytes", c.estimatedBytes());
        m.put("allocated_bytes", c.allocatedBytes());
        m.put("equal", c.equal());
        m.put("difference_bytes", c.differenceBytes());
        m.put("allocated_positions_per_layer", c.pagedPositions());
        m.put("page_rounding_bytes", c.pageRoundingBytes());
        m.put("sliding_window_bytes", c.windowBytes());
        m.put("unexplained_bytes", c.unexplainedBytes());
        m.put("note", c.note());
        return m;
    }

    static Map<String, Object> modelJson(KvModel model) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", model.id());
        m.put("name", model.name());
        m.put("source", model.source().orElse(null));
        m.put("attention", model.attentionKind());
        m.put("layers", model.layers());
        m.put("d_model", model.dModel() > 0 ? model.dModel() : null);
        m.put("heads", model.heads() > 0 ? model.heads() : null);
        m.put("kv_heads", model.kvHeads());
        m.put("head_dim", model.headDim());
        m.put("v_head_dim", model.valueHeadDim());
        m.put("ffn", model.ffn() > 0 ? model.ffn() : null);
        m.put("vocab", model.vocab() > 0 ? model.vocab() : null);
        m.put("tied_embeddings", model.vocab() > 0 ? model.tiedEmbeddings() : null);
        m.put("native_context", model.nativeContext() > 0 ? model.nativeContext() : null);
        AttentionWindows w = model.windows();
        if (w.slidingCount() > 0) {
            List<Integer> sliding = new ArrayList<>();
            for (int i = 0; i < w.layers(); i++) {
                if (w.isSliding(i)) {
                    sliding.add(i);
                }
            }
            Map<String, Object> sw = new LinkedHashMap<>();
            sw.put("window", w.window());
            sw.put("layers", sliding.stream().mapToInt(Integer::intValue).toArray());
            m.put("sliding_window", sw);
        } else {
            m.put("sliding_window", null);
        }
        m.put("mla", model.mla().map(a -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("kv_lora_rank", a.kvLoraRank());
            x.put("qk_rope_head_dim", a.qkRopeHeadDim());
            x.put("qk_nope_head_dim", a.qkNopeHeadDim());
            x.put("v_head_dim", a.vHeadDim());
            x.put("q_lora_rank", a.qLoraRank());
            x.put("cached_values_per_token_per_layer", a.cachedValues());
            return (Object) x;
        }).orElse(null));
        m.put("moe", model.moe().map(e -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("experts", e.experts());
            x.put("active_experts", e.activeExperts());
            x.put("shared_experts", e.sharedExperts());
            x.put("expert_ffn", e.expertFfn());
            x.put("dense_layers", e.denseLayers());
            return (Object) x;
        }).orElse(null));
        m.put("notes", model.notes().orElse(null));
        return m;
    }

    private List<Object> layersJson(long context) {
        List<Object> out = new ArrayList<>();
        AttentionWindows w = model().windows();
        for (int i = 0; i < model().layers(); i++) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("layer", i);
            l.put("window", w.isSliding(i) ? w.window() : null);
            l.put("tokens_held", cache.tokensHeld(i, context));
            l.put("k_bytes_per_token", cache.kBytesPerTokenPerLayer());
            l.put("v_bytes_per_token", cache.vBytesPerTokenPerLayer());
            l.put("bytes", cache.tokensHeld(i, context) * cache.bytesPerTokenPerLayer() * request.batch());
            out.add(l);
        }
        return out;
    }

    private Map<String, Object> flopsJson(ComputeCost c, Row d) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("matmul_params", c.params().matmulActive());
        f.put("per_token_base", c.baseFlopsPerToken());
        f.put("attention_per_position_per_layer", c.attentionFlopsPerPosition());
        f.put("prefill", d.prefillFlops());
        f.put("decode_with_cache", d.decodeFlopsWithCache());
        f.put("decode_without_cache", d.decodeFlopsWithoutCache());
        return f;
    }

    private Map<String, Object> decodeJson(ComputeCost c, Row d) {
        Map<String, Object> x = new LinkedHashMap<>();
        long batch = request.batch();
        x.put("weights_read_bytes", c.weightsReadPerStep(batch));
        x.put("kv_read_bytes", d.kvBytes());
        x.put("kv_write_bytes", cache.bytesPerToken() * batch);
        x.put("traffic_bytes", d.decodeTrafficBytes());
        x.put("bandwidth_bytes_per_s", request.bandwidth().orElse(null));
        x.put("tokens_per_s_ceiling", d.tokensPerSecond());
        return x;
    }

    private static Map<String, Object> rowJson(Row r) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("context", r.context());
        x.put("total_bytes", r.kvBytes());
        x.put("memory_needed_bytes", r.neededBytes());
        x.put("fits", r.fits());
        x.put("prefill_flops", r.prefillFlops());
        x.put("decode_flops_with_cache", r.decodeFlopsWithCache());
        x.put("decode_flops_without_cache", r.decodeFlopsWithoutCache());
        x.put("decode_traffic_bytes", r.decodeTrafficBytes());
        x.put("tokens_per_s_ceiling", r.tokensPerSecond());
        return x;
    }

    private Map<String, Object> pagedJson(Paged p) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("block_size", p.cache().blockSize());
        x.put("block_bytes_per_layer", p.cache().blockBytes());
        List<Object> seqs = new ArrayList<>();
        long allocated = 0;
        long used = 0;
        for (PagedCache.Sequence s : sequences) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("tokens", s.tokens());
            e.put("blocks_per_layer", s.blocksPerLayer());
            e.put("blocks", s.blocks());
            e.put("allocated_bytes", s.allocatedBytes());
            e.put("used_bytes", s.usedBytes());
            e.put("wasted_bytes", s.wastedBytes());
            seqs.add(e);
            allocated = Math.addExact(allocated, s.allocatedBytes());
            used = Math.addExact(used, s.usedBytes());
        }
        x.put("sequences", seqs);
        x.put("allocated_bytes", allocated);
        x.put("used_bytes", used);
        x.put("wasted_bytes", allocated - used);
        return x;
    }

    private List<Object> headsJson() {
        List<Object> out = new ArrayList<>();
        for (HeadRow h : heads) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("variant", h.variant().label());
            x.put("attention", h.variant().model().attentionKind());
            x.put("kv_heads", h.variant().model().mla().isPresent() ? null : h.variant().model().kvHeads());
            x.put("published", h.variant().published());
            x.put("bytes_per_token", h.bytesPerToken());
            x.put("total_bytes", h.totalBytes());
            out.add(x);
        }
        return out;
    }

    /** CSV: one row per context, exact integers. */
    @Override
    public Table toTable() {
        Table t = new Table().left("model", "kv_type").right("batch", "context", "bytes_per_token", "total_bytes",
                "weights_bytes", "memory_needed_bytes").left("fits").right("prefill_flops",
                "decode_flops_with_cache", "decode_flops_without_cache", "decode_traffic_bytes",
                "tokens_per_s_ceiling");
        for (Row r : rows) {
            t.row(model().id(), cache.type().cliName(), request.batch(), r.context(), cache.bytesPerToken(),
                    r.kvBytes(), r.weightsBytes(), r.neededBytes(), r.fits(), r.prefillFlops(),
                    r.decodeFlopsWithCache(), r.decodeFlopsWithoutCache(), r.decodeTrafficBytes(),
                    r.tokensPerSecond());
        }
        return t;
    }

    @Override
    public void writeText(TextOut out) {
        new KvCostText(this, out).write();
    }
}
