package dev.llmx.train;

import dev.llmx.tensor.kernel.FloatOps;
import dev.llmx.tensor.kernel.WorkerPool;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * Direct preference optimization (Rafailov et al., 2023): for a prompt x and responses y_w (chosen) and y_l
 * (rejected), with the policy π being trained and a frozen copy π_ref of where it started,
 *
 * <pre>
 * z    = β · [(log π(y_w|x) − log π_ref(y_w|x)) − (log π(y_l|x) − log π_ref(y_l|x))]    the margin
 * loss = −log σ(z)
 * </pre>
 *
 * log π(y|x) is the sum of the response tokens' log-probabilities. At step 0 π = π_ref, so z = 0 and the loss is
 * ln 2; learning shows as the margin rising. The gradient reaches the weights through the ordinary backward pass:
 * ∂loss/∂nll_t = β·σ(−z) on the chosen response's tokens and −β·σ(−z) on the rejected one's.
 */
public final class DpoTrainer {
    public record Config(int pairsPerStep, double beta, Schedule schedule, Optimizer.Settings optimizer, double clip,
                         long seed) {
    }

    /** One step: means over its pairs; {@code reward} = β·(log π − log π_ref) of each response. */
    public record Step(int step, double lr, double loss, double margin, double accuracy, double chosenReward,
                       double rejectedReward, double gradNorm, double seconds) {
    }

    /** The margin over all pairs (not one step's). */
    public record Evaluation(double loss, double margin, double accuracy) {
    }

    public record Result(int stepsDone, Trainer.Stop stop, String failure, Evaluation first, Evaluation last) {
    }

    @FunctionalInterface
    public interface Listener {
        void step(Step s);
    }

    private final Parameters policy;
    private final List<PreferencePair> pairs;
    private final Config c;
    private final LlamaNetwork net;
    private final Optimizer optimizer;
    /** log π_ref of each pair's chosen [0] and rejected [1] response, computed once: the reference is frozen. */
    private final double[][] reference;
    private final Random random;
    private final List<Integer> order = new ArrayList<>();
    private int next;

    public DpoTrainer(Parameters policy, List<PreferencePair> pairs, Config c, WorkerPool pool, FloatOps floats) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no preference pairs");
        }
        this.policy = policy;
        this.pairs = List.copyOf(pairs);
        this.c = c;
        this.net = new LlamaNetwork(policy, pool, floats);
        this.optimizer = new Optimizer(c.optimizer(), policy.all());
        this.random = new Random(c.seed());
        LlamaNetwork frozen = new LlamaNetwork(policy.copy(), pool, floats);
        reference = new double[this.pairs.size()][];
        for (int i = 0; i < this.pairs.size(); i++) {
            reference[i] = logProbs(frozen, List.of(this.pairs.get(i)))[0];
        }
    }

    /** The margin, loss and accuracy over every pair under the current weights. */
    public Evaluation evaluate() {
        double loss = 0;
        double margin = 0;
        int right = 0;
        for (int i = 0; i < pairs.size(); i++) {
            double[] lp = logProbs(net, List.of(pairs.get(i)))[0];
            double z = c.beta() * ((lp[0] - reference[i][0]) - (lp[1] - reference[i][1]));
            loss += softplus(-z);
            margin += z;
            right += z > 0 ? 1 : 0;
        }
        return new Evaluation(loss / pairs.size(), margin / pairs.size(), (double) right / pairs.size());
    }

    public Result run(Listener listener, BooleanSupplier stop) {
        Evaluation first = evaluate();
        int steps = c.schedule().steps();
        for (int step = 0; step < steps; step++) {
            if (stop.getAsBoolean()) {
                return new Result(step, Trainer.Stop.INTERRUPTED, null, first, evaluate());
            }
            long t0 = System.nanoTime();
            List<Integer> chosen = nextPairs();
            double[] stats = new double[5];
            List<Parameter> finished = new ArrayList<>();
            double loss = lossAndGradient(chosen, stats, finished);
            int k = chosen.size();
            double margin = stats[0];
            double rewardW = stats[1];
            double rewardL = stats[2];
            int right = (int) stats[3];
            if (!Double.isFinite(loss)) {
                return new Result(step, Trainer.Stop.NOT_FINITE, "step " + step + ": the preference loss is " + loss,
                        first, first);
            }
            Parameter blewUp = Parameter.firstNonFiniteGradient(finished);
            if (blewUp != null) {
                return new Result(step, Trainer.Stop.NOT_FINITE, "step " + step + ": the gradient of "
                        + blewUp.name() + " is not finite; lower --lr or set --clip", first, first);
            }
            double norm = policy.clipGradients(c.clip());
            double lr = c.schedule().at(step);
            optimizer.update(lr);
            listener.step(new Step(step, lr, loss, margin / k, (double) right / k, rewardW / k, rewardL / k,
                    norm, (System.nanoTime() - t0) / 1e9));
        }
        return new Result(steps, Trainer.Stop.STEPS, null, first, evaluate());
    }

    /**
     * The mean DPO loss of pairs {@code chosen} under the current weights, with its gradient left in the policy's
     * parameters (zeroed first). {@code stats} receives the sums of the margins, chosen rewards, rejected rewards and
     * the count of positive margins; {@code finished} the parameters in the order the backward pass finished them.
     */
    double lossAndGradient(List<Integer> chosen, double[] stats, List<Parameter> finished) {
        List<PreferencePair> batchPairs = new ArrayList<>();
        for (int i : chosen) {
            batchPairs.add(pairs.get(i));
        }
        policy.zeroGradients();
        Batch batch = batch(batchPairs);
        net.forward(batch);
        float[] nll = net.positionLosses();
        int k = batchPairs.size();
        float[] dNll = new float[nll.length];
        double loss = 0;
        for (int j = 0; j < k; j++) {
            double[] ref = reference[chosen.get(j)];
            double rw = c.beta() * (-sum(nll, batch, 2 * j) - ref[0]);
            double rl = c.beta() * (-sum(nll, batch, 2 * j + 1) - ref[1]);
            double z = rw - rl;
            loss += softplus(-z);
            stats[0] += z;
            stats[1] += rw;
            stats[2] += rl;
            stats[3] += z > 0 ? 1 : 0;
            // ∂loss/∂log π(y_w) = −β σ(−z); ∂log π/∂nll_t = −1 on the response's tokens.
            float g = (float) (c.beta() * sigmoid(-z) / k);
            fill(dNll, batch, 2 * j, g);
            fill(dNll, batch, 2 * j + 1, -g);
        }
        net.backward(dNll, finished::add);
        return loss / k;
    }

    /** log π_ref of pair {@code i}'s chosen [0] and rejected [1] response. */
    double[] referenceLogProbs(int i) {
        return reference[i].clone();
    }

    private List<Integer> nextPairs() {
        List<Integer> out = new ArrayList<>();
        int k = Math.min(c.pairsPerStep(), pairs.size());
        while (out.size() < k) {
            if (next >= order.size()) {
                order.clear();
                for (int i = 0; i < pairs.size(); i++) {
                    order.add(i);
                }
                Collections.shuffle(order, random);
                next = 0;
            }
            out.add(order.get(next++));
        }
        return out;
    }

    /** For each pair, log π of its chosen [0] and rejected [1] response under {@code network}. */
    private static double[][] logProbs(LlamaNetwork network, List<PreferencePair> list) {
        Batch batch = batch(list);
        network.forward(batch);
        float[] nll = network.positionLosses();
        double[][] out = new double[list.size()][2];
        for (int j = 0; j < list.size(); j++) {
            out[j][0] = -sum(nll, batch, 2 * j);
            out[j][1] = -sum(nll, batch, 2 * j + 1);
        }
        return out;
    }

    /**
     * Each pair as two sequences, prompt + response, padded at the end to one length (causal attention: padding
     * after a sequence changes nothing before it); weight 1 on the predictions of the response's tokens.
     */
    static Batch batch(List<PreferencePair> list) {
        int length = 1;
        for (PreferencePair p : list) {
            length = Math.max(length, p.prompt().length + Math.max(p.chosen().length, p.rejected().length) - 1);
        }
        int n = 2 * list.size() * length;
        int[] in = new int[n];
        int[] tg = new int[n];
        float[] w = new float[n];
        for (int j = 0; j < list.size(); j++) {
            PreferencePair p = list.get(j);
            put(p.prompt(), p.chosen(), in, tg, w, 2 * j * length);
            put(p.prompt(), p.rejected(), in, tg, w, (2 * j + 1) * length);
        }
        return new Batch(2 * list.size(), length, in, tg, w);
    }

    private static void put(int[] prompt, int[] response, int[] in, int[] tg, float[] w, int at) {
        int total = prompt.length + response.length;
        for (int t = 0; t < total - 1; t++) {
            in[at + t] = t < prompt.length ? prompt[t] : response[t - prompt.length];
            int target = t + 1;
            tg[at + t] = target < prompt.length ? prompt[target] : response[target - prompt.length];
            w[at + t] = target >= prompt.length ? 1f : 0f;
        }
    }

    private static double sum(float[] nll, Batch b, int sequence) {
        double s = 0;
        for (int t = 0; t < b.length(); t++) {
            int i = sequence * b.length() + t;
            if (b.weights()[i] != 0f) {
                s += nll[i];
            }
        }
        return s;
    }

    private static void fill(float[] dNll, Batch b, int sequence, float g) {
        for (int t = 0; t < b.length(); t++) {
            int i = sequence * b.length() + t;
            if (b.weights()[i] != 0f) {
                dNll[i] = g;
            }
        }
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double softplus(double x) {
        return x > 30 ? x : Math.log1p(Math.exp(x));
    }
}
