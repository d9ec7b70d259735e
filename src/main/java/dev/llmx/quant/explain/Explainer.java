package dev.llmx.quant.explain;

import dev.llmx.LlmxException;
import dev.llmx.quant.RowWorkers;
import dev.llmx.quant.model.ModelQuantizer;
import dev.llmx.quant.model.SourceModel;
import dev.llmx.quant.model.SourceTensor;
import dev.llmx.quant.recipe.QuantType;
import dev.llmx.quant.recipe.TensorPlan;
import dev.llmx.render.Progress;
import dev.llmx.tensor.Dequantizers;
import dev.llmx.tensor.Histogram;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Measures what quantization does to a model without writing a file: the error of every tensor under one type,
 * the size and error of the whole model under each type compared, and a close look at chosen tensors. Each
 * (tensor, ggml type) pair is quantized once, however many recipes use it; errors are measured against the model as
 * stored (an already quantized input is decoded first).
 */
public final class Explainer {
    /** One tensor under the chosen type. */
    public record TensorResult(TensorPlan plan, ErrorStats error) {
    }

    /** The whole model under one type. */
    public record TypeResult(QuantType type, long bytes, long elements, ErrorStats error, int fallbacks) {
        public double bitsPerWeight() {
            return elements == 0 ? 0 : bytes * 8.0 / elements;
        }
    }

    public record Explanation(QuantType type, List<TensorResult> tensors, List<FocusView> focus, List<TypeResult> types) {
    }

    private static final int PREVIEW_VALUES = 32;

    private final SourceModel model;
    private final RowWorkers workers;
    private final Map<String, ErrorStats> measured = new HashMap<>();

    public Explainer(SourceModel model, RowWorkers workers) {
        this.model = model;
        this.workers = workers;
    }

    /**
     * @param compare    types for the whole-model table (may be empty)
     * @param focusNames tensors to look at closely; empty: the first tensor the type gives its default type
     * @param edge       rows/columns from each end in the excerpts
     * @param bins       error histogram bins
     */
    public Explanation explain(QuantType type, List<QuantType> compare, List<String> focusNames, int edge, int bins,
                               Function<Long, Progress> progressFactory) {
        List<SourceTensor> tensors = model.tensors();
        List<TensorPlan> chosen = new ModelQuantizer(model, type, true).plan();
        Map<QuantType, List<TensorPlan>> plans = new LinkedHashMap<>();
        for (QuantType q : compare) {
            plans.put(q, q == type ? chosen : new ModelQuantizer(model, q, true).plan());
        }
        List<Integer> focusIndices = focusIndices(chosen, type, focusNames);

        Set<String> work = new LinkedHashSet<>();
        long rows = 0;
        List<List<TensorPlan>> all = new ArrayList<>(plans.values());
        all.add(chosen);
        for (List<TensorPlan> plan : all) {
            for (int i = 0; i < plan.size(); i++) {
                if (work.add(key(i, plan.get(i)))) {
                    rows += tensors.get(i).rows();
                }
            }
        }
        for (int i : focusIndices) {
            rows += chosen.get(i).changesType() ? tensors.get(i).rows() : 0;
        }
        try (Progress progress = progressFactory.apply(rows)) {
            List<TensorResult> results = new ArrayList<>();
            for (int i = 0; i < chosen.size(); i++) {
                results.add(new TensorResult(chosen.get(i), error(i, chosen.get(i), progress)));
            }
            List<TypeResult> types = new ArrayList<>();
            for (Map.Entry<QuantType, List<TensorPlan>> e : plans.entrySet()) {
                types.add(total(e.getKey(), e.getValue(), progress));
            }
            List<FocusView> focus = new ArrayList<>();
            for (int i : focusIndices) {
                focus.add(focus(tensors.get(i), chosen.get(i), error(i, chosen.get(i), progress), edge, bins));
                progress.advance(chosen.get(i).changesType() ? tensors.get(i).rows() : 0);
            }
            return new Explanation(type, results, focus, types);
        }
    }

    private static String key(int i, TensorPlan p) {
        return i + "/" + (p.changesType() ? p.target().name() : "exact");
    }

    private ErrorStats error(int i, TensorPlan p, Progress progress) {
        String key = key(i, p);
        ErrorStats cached = measured.get(key);
        if (cached == null) {
            SourceTensor t = model.tensors().get(i);
            Dequantizers.require(t.type(), t.name());
            cached = p.changesType() ? TensorMeasure.measure(t, p.target(), workers, progress::advance)
                    : TensorMeasure.exact(t, workers, progress::advance);
            measured.put(key, cached);
        }
        return cached;
    }

    private TypeResult total(QuantType type, List<TensorPlan> plan, Progress progress) {
        ErrorStats sum = new ErrorStats();
        long bytes = 0;
        long elements = 0;
        int fallbacks = 0;
        for (int i = 0; i < plan.size(); i++) {
            sum.merge(error(i, plan.get(i), progress));
            bytes += plan.get(i).targetBytes();
            elements += plan.get(i).elements();
            fallbacks += plan.get(i).fallback() ? 1 : 0;
        }
        return new TypeResult(type, bytes, elements, sum, fallbacks);
    }

    private List<Integer> focusIndices(List<TensorPlan> plan, QuantType type, List<String> names) {
        List<Integer> out = new ArrayList<>();
        for (String name : names) {
            int found = -1;
            for (int i = 0; i < plan.size(); i++) {
                if (plan.get(i).name().equals(name)) {
                    found = i;
                }
            }
            if (found < 0) {
                List<String> similar = plan.stream().map(TensorPlan::name).filter(n -> n.contains(name)).limit(3).toList();
                throw new LlmxException("no tensor named '" + name + "'" + (similar.isEmpty() ? ""
                        : "; did you mean " + String.join(" or ", similar) + "?"));
            }
            out.add(found);
        }
        if (out.isEmpty()) {
            // The first block's weight that gets the type's own default, else the first that changes at all.
            int pick = first(plan, p -> p.changesType() && p.name().startsWith("blk.") && p.target() == type.defaultType());
            if (pick < 0) {
                pick = first(plan, p -> p.changesType() && p.name().startsWith("blk."));
            }
            if (pick < 0) {
                pick = first(plan, p -> p.changesType() || p.shape().length >= 2);
            }
            if (pick >= 0) {
                out.add(pick);
            }
        }
        return out;
    }

    private static int first(List<TensorPlan> plan, Predicate<TensorPlan> test) {
        for (int i = 0; i < plan.size(); i++) {
            if (test.test(plan.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private FocusView focus(SourceTensor t, TensorPlan p, ErrorStats error, int edge, int bins) {
        int rows = (int) Math.min(Integer.MAX_VALUE, t.rows());
        int cols = t.rowLength();
        Excerpt before = new Excerpt(rows, cols, edge, t::readRow);
        if (!p.changesType()) {
            float[] first = firstValues(t);
            return new FocusView(p, before, before, null, first, first, null, error, null);
        }
        TensorMeasure.RoundTrip trip = new TensorMeasure.RoundTrip(t, p.target());
        Excerpt after = new Excerpt(rows, cols, edge, (r, dst) -> {
            trip.row(r);
            System.arraycopy(trip.decoded(), 0, dst, 0, dst.length);
        });
        trip.row(0);
        int n = Math.min(PREVIEW_VALUES, cols);
        float[] original = Arrays.copyOf(trip.original(), n);
        float[] decoded = Arrays.copyOf(trip.decoded(), n);
        BlockAnatomy anatomy = BlockAnatomy.of(p.target(), trip.bytes());
        int[] codes = anatomy == null ? null : anatomy.codes(decoded, n);
        Histogram histogram = error.maxAbsError() > 0
                ? TensorMeasure.errorHistogram(t, p.target(), error.maxAbsError(), bins, workers) : null;
        return new FocusView(p, before, after, anatomy, original, decoded, codes, error, histogram);
    }

    private static float[] firstValues(SourceTensor t) {
        float[] row = new float[t.rowLength()];
        t.readRow(0, row);
        return Arrays.copyOf(row, Math.min(PREVIEW_VALUES, row.length));
    }
}
