package dev.llmx.train;

import dev.llmx.tensor.kernel.FloatOps;
import dev.llmx.tensor.kernel.WorkerPool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The training loop: for each step a batch, the forward pass (loss), the backward pass (gradients), clipping, the
 * scheduled learning rate and the optimizer's update, with the diagnostics that say whether a run is learning:
 * per tensor group the gradient norm and the update-to-weight ratio (‖Δw‖/‖w‖; around 1e-3 per step is the
 * usual healthy range), the validation loss every few steps, a greedy sample now and then.
 *
 * <p>Steps are numbered from 0 as in nanoGPT: step i's validation loss (when it has one) is measured before its
 * update, so step 0's is the model as loaded, and one more record after the last step carries the final one.
 */
public final class Trainer {
    /**
     * @param sequences   sequences per batch
     * @param length      tokens per sequence
     * @param clip        the largest global gradient norm (gradients are scaled down to it), 0 for none
     * @param evalEvery   steps between validation losses (0: only at the start and the end)
     * @param sampleEvery steps between samples (0: none)
     */
    public record Config(int sequences, int length, Schedule schedule, Optimizer.Settings optimizer, double clip,
                         int evalEvery, int sampleEvery, int sampleTokens, int[] samplePrompt) {
    }

    /** Diagnostics of one tensor group (a kind of tensor over all layers). */
    public record GroupStats(String group, double gradNorm, double weightNorm, double updateRatio) {
    }

    /**
     * One step's record. {@code loss} is NaN for the closing record (validation only); {@code valLoss} NaN when not
     * measured at this step; {@code sample} null when none was drawn.
     */
    public record Step(int step, double lr, double loss, double valLoss, double gradNorm, boolean clipped,
                       int tokens, double forwardSeconds, double backwardSeconds, double updateSeconds,
                       List<GroupStats> groups, int[] sample) {
        public double seconds() {
            return forwardSeconds + backwardSeconds + updateSeconds;
        }
    }

    /** How a run ended. */
    public enum Stop {
        STEPS("steps"), INTERRUPTED("interrupted"), NOT_FINITE("not_finite");

        private final String jsonName;

        Stop(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
        }
    }

    /**
     * @param failure what went wrong when {@code stop} is {@link Stop#NOT_FINITE} (the step and the tensor), else null
     */
    public record Result(int stepsDone, Stop stop, String failure, double firstValLoss, double lastValLoss) {
    }

    @FunctionalInterface
    public interface Listener {
        void step(Step s);
    }

    private final Parameters p;
    private final Config c;
    private final BatchSource train;
    private final Evaluation validation;
    private final LlamaNetwork net;
    private final LlamaNetwork evaluator;
    private final Optimizer optimizer;
    /** Per parameter, ‖Δw‖/‖w‖ of the last update: names the tensor that jumped when the loss overflows. */
    private double[] lastRatios;
    private int lastUpdateStep = -1;

    public Trainer(Parameters p, Config c, BatchSource train, Evaluation validation, WorkerPool pool,
                   FloatOps floats) {
        this.p = p;
        this.c = c;
        this.train = train;
        this.validation = validation;
        this.net = new LlamaNetwork(p, pool, floats);
        this.evaluator = new LlamaNetwork(p, pool, floats);
        this.optimizer = new Optimizer(c.optimizer(), p.all());
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** Heap the run keeps: weights, gradients, optimizer state and one batch's activations. */
    public long heapBytes() {
        return 8 * p.count() + optimizer.stateBytes()
                + LlamaNetwork.activationBytes(p.shape(), c.sequences(), c.length());
    }

    /** The validation loss of the weights as they are now (ln of llama-perplexity's figure). */
    public double validationLoss() {
        return validation.loss(evaluator, c.sequences());
    }

    /** Runs {@code schedule().steps()} steps, or until {@code stop} says so (checked between steps). */
    public Result run(Listener listener, BooleanSupplier stop) {
        int steps = c.schedule().steps();
        double firstVal = Double.NaN;
        double lastVal = Double.NaN;
        for (int step = 0; step < steps; step++) {
            if (stop.getAsBoolean()) {
                return finish(listener, step, Stop.INTERRUPTED, firstVal);
            }
            double val = Double.NaN;
            if (step == 0 || (c.evalEvery() > 0 && step % c.evalEvery() == 0)) {
                val = validationLoss();
                firstVal = step == 0 ? val : firstVal;
            }
            Batch batch = train.next(c.sequences());
            p.zeroGradients();
            long t0 = System.nanoTime();
            double loss = net.forward(batch);
            long t1 = System.nanoTime();
            if (!Double.isFinite(loss)) {
                return new Result(step, Stop.NOT_FINITE, "step " + step + ": the loss is " + loss + " ("
                        + nonFiniteWeights() + ")", firstVal, lastVal);
            }
            List<Parameter> order = new ArrayList<>();
            net.backward(order::add);
            long t2 = System.nanoTime();
            Parameter blewUp = Parameter.firstNonFiniteGradient(order);
            if (blewUp != null) {
                return new Result(step, Stop.NOT_FINITE, "step " + step + ": the gradient of " + blewUp.name()
                        + " is not finite (it blew up first, in backward order); lower --lr or set --clip",
                        firstVal, lastVal);
            }
            double gradNorm = p.clipGradients(c.clip());
            boolean clipped = c.clip() > 0 && gradNorm > c.clip();
            double lr = c.schedule().at(step);
            List<GroupStats> groups = groupGradients();
            double[] before = weightNorms();
            double[] changed = optimizer.update(lr);
            lastRatios = new double[changed.length];
            for (int i = 0; i < changed.length; i++) {
                lastRatios[i] = before[i] > 0 ? Math.sqrt(changed[i]) / before[i] : Double.POSITIVE_INFINITY;
            }
            lastUpdateStep = step;
            long t3 = System.nanoTime();
            if (!Double.isNaN(val)) {
                lastVal = val;
            }
            int[] sample = c.sampleEvery() > 0 && (step + 1) % c.sampleEvery() == 0 ? sample() : null;
            listener.step(new Step(step, lr, loss, val, gradNorm, clipped, batch.rows(), (t1 - t0) / 1e9,
                    (t2 - t1) / 1e9, (t3 - t2) / 1e9, withUpdates(groups, changed), sample));
        }
        return finish(listener, steps, Stop.STEPS, firstVal);
    }

    private Result finish(Listener listener, int step, Stop why, double firstVal) {
        double val = validationLoss();
        listener.step(new Step(step, 0, Double.NaN, val, Double.NaN, false, 0, 0, 0, 0, List.of(),
                c.sampleEvery() > 0 ? sample() : null));
        return new Result(step, why, null, step == 0 ? val : firstVal, val);
    }

    /** A greedy continuation of the sample prompt under the current weights. */
    public int[] sample() {
        int[] seq = c.samplePrompt().clone();
        int limit = Math.max(seq.length, p.shape().context() > 0 ? p.shape().context() : Integer.MAX_VALUE);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < c.sampleTokens() && seq.length < limit; i++) {
            double ignored = evaluator.forward(new Batch(1, seq.length, seq, new int[seq.length],
                    new float[seq.length]));
            float[] probs = evaluator.probabilities(seq.length - 1);
            int best = 0;
            for (int j = 1; j < probs.length; j++) {
                if (probs[j] > probs[best]) {
                    best = j;
                }
            }
            out.add(best);
            seq = Arrays.copyOf(seq, seq.length + 1);
            seq[seq.length - 1] = best;
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private List<GroupStats> groupGradients() {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (Parameter t : p.all()) {
            double[] s = sums.computeIfAbsent(t.group(), k -> new double[2]);
            for (int i = 0; i < t.size(); i++) {
                s[0] += (double) t.grad[i] * t.grad[i];
                s[1] += (double) t.value[i] * t.value[i];
            }
        }
        List<GroupStats> out = new ArrayList<>();
        sums.forEach((g, s) -> out.add(new GroupStats(g, Math.sqrt(s[0]), Math.sqrt(s[1]), 0)));
        return out;
    }

    private List<GroupStats> withUpdates(List<GroupStats> groups, double[] changed) {
        Map<String, Double> upd = new LinkedHashMap<>();
        for (int i = 0; i < p.all().size(); i++) {
            upd.merge(p.all().get(i).group(), changed[i], Double::sum);
        }
        List<GroupStats> out = new ArrayList<>();
        for (GroupStats g : groups) {
            double u = Math.sqrt(upd.getOrDefault(g.group(), 0.0));
            out.add(new GroupStats(g.group(), g.gradNorm(), g.weightNorm(), g.weightNorm() > 0 ? u / g.weightNorm() : 0));
        }
        return out;
    }

    private String nonFiniteWeights() {
        for (Parameter t : p.all()) {
            if (!Parameter.allFinite(t.value)) {
                return t.name() + " holds non-finite weights";
            }
        }
        if (lastRatios == null) {
            return "the weights are finite: the logits overflowed";
        }
        int worst = 0;
        for (int i = 1; i < lastRatios.length; i++) {
            if (lastRatios[i] > lastRatios[worst]) {
                worst = i;
            }
        }
        return "the weights are finite but overflow the logits; " + p.all().get(worst).name()
                + " jumped most in step " + lastUpdateStep + ", by " + String.format("%.3g", lastRatios[worst])
                + " × its norm; lower --lr or set --clip";
    }

    private double[] weightNorms() {
        double[] out = new double[p.all().size()];
        for (int i = 0; i < out.length; i++) {
            double sq = 0;
            for (float v : p.all().get(i).value) {
                sq += (double) v * v;
            }
            out[i] = Math.sqrt(sq);
        }
        return out;
    }
}
