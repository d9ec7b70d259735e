package dev.llmx.train;

import dev.llmx.LlmxException;
import dev.llmx.attention.Rope;
import dev.llmx.ffn.Activation;
import dev.llmx.render.Units;
import dev.llmx.tensor.kernel.FloatOps;
import dev.llmx.tensor.kernel.WorkerPool;

import java.util.Arrays;

/**
 * The llama forward pass for training, which keeps every activation the backward pass needs, and the backward pass:
 * the gradient of the mean (weighted) cross-entropy with respect to every parameter, accumulated into
 * {@link Parameter#gradient()}.
 *
 * <pre>
 * x = E[tokens]
 * per layer:  h = rmsnorm(x)·g1;  q, k, v = h·Wqᵀ, h·Wkᵀ, h·Wvᵀ;  RoPE(q, k)
 *             o = softmax(q·kᵀ/√d_head + causal mask)·v   (query head h reads KV head h / group)
 *             x = x + o·Woᵀ
 *             h = rmsnorm(x)·g2;  x = x + (silu(h·Wgateᵀ) ⊙ h·Wupᵀ)·Wdownᵀ
 * logits = rmsnorm(x)·g·Woutᵀ;  loss = Σ w·(logsumexp(logits) − logit[target]) / Σ w
 * </pre>
 *
 * The backward pass runs the same steps in reverse, each turning the gradient of its output into the gradients of
 * its input and weights. Numbers follow the engine's own roundings (RMSNorm's double sum, SiLU in double), so that the
 * loss at step 0 is the engine's.
 */
public final class LlamaNetwork {
    /** Told when a parameter's gradient for this batch is complete, in the order the backward pass finishes them. */
    @FunctionalInterface
    public interface GradientListener {
        void computed(Parameter p);
    }

    /** What one layer's forward pass keeps for its backward pass. */
    private static final class LayerActivations {
        float[] xIn;
        float[] inv1;
        float[] h1;
        float[] q;
        float[] k;
        float[] v;
        float[] probs;
        float[] att;
        float[] xMid;
        float[] inv2;
        float[] h2;
        float[] gate;
        float[] up;
        float[] act;
    }

    private final Parameters p;
    private final LlamaShape s;
    private final Matmul mm;
    private final FloatOps f;
    private final Rope rope;
    private final float scale;

    private Batch batch;
    private LayerActivations[] acts;
    private float[] xFinal;
    private float[] invF;
    private float[] hF;
    /** Logits, then (after the loss) the softmax probabilities, rows × vocab. */
    private float[] probs;
    private float[] nll;
    private double lossWeight;
    private int allocatedRows = -1;
    private int allocatedLength = -1;

    public LlamaNetwork(Parameters parameters, WorkerPool pool, FloatOps floats) {
        this.p = parameters;
        this.s = parameters.shape();
        this.mm = new Matmul(pool, floats);
        this.f = floats;
        this.rope = new Rope(s.ropeDims(), s.ropeBase(), 1.0, null, s.ropeLayout());
        this.scale = (float) (1.0 / Math.sqrt(s.headDim()));
    }

    public Parameters parameters() {
        return p;
    }

    /** Bytes of activations kept for a batch of {@code sequences × length} (what the backward pass needs). */
    public static long activationBytes(LlamaShape s, int sequences, int length) {
        long n = (long) sequences * length;
        long perLayer = n * (3L * s.dModel() + 2 + 2L * s.qDim() + 2L * s.kvDim() + 4L * s.ffn() + s.dModel())
                + (long) sequences * s.heads() * length * length;
        return 4 * (s.layers() * perLayer + n * (2L * s.dModel() + 2 + s.vocab()));
    }

    /**
     * Refuses, with one line, a batch whose activations (and the batch's own token arrays) would not fit in the heap
     * that is left, or whose largest array would exceed Java's array limit: checked before anything is allocated.
     */
    public static void requireRoom(LlamaShape s, int sequences, int length) {
        long n = (long) sequences * length;
        long need = activationBytes(s, sequences, length) + 12 * n;
        long biggest = Math.max((long) sequences * s.heads() * length * length, n * Math.max(s.vocab(), s.ffn()));
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (biggest > Integer.MAX_VALUE - 8 || need > free) {
            throw new LlmxException("a batch of " + sequences + " × " + length + " tokens needs "
                    + Units.bytes(need) + " of activations, more than the " + Units.bytes(Math.max(0, free))
                    + " of heap left; lower -b or -c (or give Java more heap: LLMX_JAVA_OPTS=-Xmx8g)");
        }
    }

    private void allocate(int sequences, int length) {
        int n = sequences * length;
        if (n == allocatedRows && length == allocatedLength) {
            return;
        }
        acts = null;
        probs = null;
        requireRoom(s, sequences, length);
        int d = s.dModel();
        acts = new LayerActivations[s.layers()];
        for (int l = 0; l < acts.length; l++) {
            LayerActivations a = new LayerActivations();
            a.xIn = new float[n * d];
            a.inv1 = new float[n];
            a.h1 = new float[n * d];
            a.q = new float[n * s.qDim()];
            a.k = new float[n * s.kvDim()];
            a.v = new float[n * s.kvDim()];
            a.probs = new float[sequences * s.heads() * length * length];
            a.att = new float[n * s.qDim()];
            a.xMid = new float[n * d];
            a.inv2 = new float[n];
            a.h2 = new float[n * d];
            a.gate = new float[n * s.ffn()];
            a.up = new float[n * s.ffn()];
            a.act = new float[n * s.ffn()];
            acts[l] = a;
        }
        xFinal = new float[n * d];
        invF = new float[n];
        hF = new float[n * d];
        probs = new float[n * s.vocab()];
        nll = new float[n];
        allocatedRows = n;
        allocatedLength = length;
    }

    /** Runs the batch forward and returns its loss: the weighted mean negative log-likelihood of the targets. */
    public double forward(Batch b) {
        allocate(b.sequences(), b.length());
        this.batch = b;
        int n = b.rows();
        int d = s.dModel();
        int vocab = s.vocab();
        float[] x = acts.length > 0 ? acts[0].xIn : xFinal;
        float[] e = p.embeddings().value;
        for (int t = 0; t < n; t++) {
            int id = b.inputs()[t];
            if (id < 0 || id >= vocab) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of " + vocab);
            }
            System.arraycopy(e, id * d, x, t * d, d);
        }
        for (int l = 0; l < acts.length; l++) {
            LayerActivations a = acts[l];
            Parameters.Layer w = p.layer(l);
            rmsNorm(a.xIn, w.attnNorm().value, a.h1, a.inv1, n);
            mm.forward(a.h1, n, d, w.q().value, s.qDim(), a.q);
            mm.forward(a.h1, n, d, w.k().value, s.kvDim(), a.k);
            mm.forward(a.h1, n, d, w.v().value, s.kvDim(), a.v);
            for (int t = 0; t < n; t++) {
                int position = t % b.length();
                rope.rotate(a.q, t * s.qDim(), s.heads(), s.headDim(), position);
                rope.rotate(a.k, t * s.kvDim(), s.kvHeads(), s.headDim(), position);
            }
            attentionForward(a, b.sequences(), b.length());
            System.arraycopy(a.xIn, 0, a.xMid, 0, n * d);
            float[] out = new float[n * d];
            mm.forward(a.att, n, s.qDim(), w.o().value, d, out);
            add(out, a.xMid);
            rmsNorm(a.xMid, w.ffnNorm().value, a.h2, a.inv2, n);
            mm.forward(a.h2, n, d, w.gate().value, s.ffn(), a.gate);
            mm.forward(a.h2, n, d, w.up().value, s.ffn(), a.up);
            for (int i = 0; i < a.act.length; i++) {
                a.act[i] = Activation.SILU.apply(a.gate[i]) * a.up[i];
            }
            float[] next = l + 1 < acts.length ? acts[l + 1].xIn : xFinal;
            System.arraycopy(a.xMid, 0, next, 0, n * d);
            mm.forward(a.act, n, s.ffn(), w.down().value, d, out);
            add(out, next);
        }
        rmsNorm(xFinal, p.outputNorm().value, hF, invF, n);
        mm.forward(hF, n, d, p.output().value, vocab, probs);
        return crossEntropy(b);
    }
    /** The softmax probabilities of row {@code row} of the last forward pass. */
    public float[] probabilities(int row) {
        return Arrays.copyOfRange(probs, row * s.vocab(), (row + 1) * s.vocab());
    }

    /** Each position's negative log-likelihood of its target in the last forward pass. */
    public float[] positionLosses() {
        return Arrays.copyOf(nll, batch.rows());
    }

    /** Backward pass of the last {@link #forward}: adds the loss's gradient to every parameter's gradient. */
    public void backward() {
        backward(null);
    }

    public void backward(GradientListener listener) {
        int n = batch.rows();
        float[] dNll = new float[n];
        for (int t = 0; t < n; t++) {
            dNll[t] = lossWeight == 0 ? 0f : (float) (batch.weights()[t] / lossWeight);
        }
        backward(dNll, listener);
    }

    /**
     * Backward pass of the last {@link #forward} for any loss built from the positions' negative log-likelihoods:
     * {@code dNll[t]} is ∂loss/∂nll_t (the mean loss has w_t/Σw; preference tuning has ±β·σ(·) on the tokens of a
     * response).
     */
    public void backward(float[] dNll, GradientListener listener) {
        Batch b = batch;
        int n = b.rows();
        int d = s.dModel();
        int vocab = s.vocab();
        // probs holds softmax(logits); ∂nll_t/∂logits_t = p − onehot(target).
        float[] dLogits = probs;
        for (int t = 0; t < n; t++) {
            float w = dNll[t];
            int row = t * vocab;
            dLogits[row + b.targets()[t]] -= 1f;
            for (int j = 0; j < vocab; j++) {
                dLogits[row + j] *= w;
            }
        }
        float[] dh = new float[n * d];
        mm.backwardInput(dLogits, n, vocab, p.output().value, d, dh);
        mm.backwardWeight(dLogits, hF, n, vocab, d, p.output().grad);
        notify(listener, p.output());
        float[] dx = new float[n * d];
        rmsNormBackward(xFinal, p.outputNorm().value, invF, dh, dx, p.outputNorm().grad, n);
        notify(listener, p.outputNorm());

        for (int l = acts.length - 1; l >= 0; l--) {
            LayerActivations a = acts[l];
            Parameters.Layer w = p.layer(l);
            // Feed-forward: x_out = x_mid + down(silu(gate) ⊙ up).
            float[] dAct = new float[n * s.ffn()];
            mm.backwardInput(dx, n, d, w.down().value, s.ffn(), dAct);
            mm.backwardWeight(dx, a.act, n, d, s.ffn(), w.down().grad);
            notify(listener, w.down());
            float[] dGate = new float[n * s.ffn()];
            float[] dUp = new float[n * s.ffn()];
            for (int i = 0; i < dAct.length; i++) {
                double g = a.gate[i];
                double sigma = 1.0 / (1.0 + Math.exp(-g));
                dUp[i] = dAct[i] * (float) (g * sigma);
                dGate[i] = (float) (dAct[i] * a.up[i] * sigma * (1.0 + g * (1.0 - sigma)));
            }
            float[] dH2 = new float[n * d];
            mm.backwardInput(dGate, n, s.ffn(), w.gate().value, d, dH2);
            mm.backwardInput(dUp, n, s.ffn(), w.up().value, d, dH2);
            mm.backwardWeight(dGate, a.h2, n, s.ffn(), d, w.gate().grad);
            notify(listener, w.gate());
            mm.backwardWeight(dUp, a.h2, n, s.ffn(), d, w.up().grad);
            notify(listener, w.up());
            float[] dxMid = dx.clone();
            rmsNormBackward(a.xMid, w.ffnNorm().value, a.inv2, dH2, dxMid, w.ffnNorm().grad, n);
            notify(listener, w.ffnNorm());

            // Attention: x_mid = x_in + o·Woᵀ.
            float[] dAtt = new float[n * s.qDim()];
            mm.backwardInput(dxMid, n, d, w.o().value, s.qDim(), dAtt);
            mm.backwardWeight(dxMid, a.att, n, d, s.qDim(), w.o().grad);
            notify(listener, w.o());
            float[] dq = new float[n * s.qDim()];
            float[] dk = new float[n * s.kvDim()];
            float[] dv = new float[n * s.kvDim()];
            attentionBackward(a, dAtt, dq, dk, dv, b.sequences(), b.length());
            for (int t = 0; t < n; t++) {
                int position = t % b.length();
                rope.unrotate(dq, t * s.qDim(), s.heads(), s.headDim(), position);
                rope.unrotate(dk, t * s.kvDim(), s.kvHeads(), s.headDim(), position);
            }
            float[] dH1 = new float[n * d];
            mm.backwardInput(dq, n, s.qDim(), w.q().value, d, dH1);
            mm.backwardInput(dk, n, s.kvDim(), w.k().value, d, dH1);
            mm.backwardInput(dv, n, s.kvDim(), w.v().value, d, dH1);
            mm.backwardWeight(dq, a.h1, n, s.qDim(), d, w.q().grad);
            notify(listener, w.q());
            mm.backwardWeight(dk, a.h1, n, s.kvDim(), d, w.k().grad);
            notify(listener, w.k());
            mm.backwardWeight(dv, a.h1, n, s.kvDim(), d, w.v().grad);
            notify(listener, w.v());
            float[] dxIn = dxMid.clone();
            rmsNormBackward(a.xIn, w.attnNorm().value, a.inv1, dH1, dxIn, w.attnNorm().grad, n);
            notify(listener, w.attnNorm());
            dx = dxIn;
        }
        float[] de = p.embeddings().grad;
        for (int t = 0; t < n; t++) {
            f.axpy(1f, dx, t * d, de, b.inputs()[t] * d, d);
        }
        notify(listener, p.embeddings());
    }

    private static void notify(GradientListener listener, Parameter parameter) {
        if (listener != null) {
            listener.computed(parameter);
        }
    }

    /** The engine's RMSNorm (double sum, float scale), keeping each row's scale for the backward pass. */
    private void rmsNorm(float[] x, float[] w, float[] y, float[] inv, int rows) {
        int d = s.dModel();
        for (int r = 0; r < rows; r++) {
            int o = r * d;
            double sum = 0;
            for (int i = 0; i < d; i++) {
                sum += (double) x[o + i] * x[o + i];
            }
            float mean = (float) (sum / d);
            float sc = 1.0f / (float) Math.sqrt(mean + (float) s.eps());
            inv[r] = sc;
            for (int i = 0; i < d; i++) {
                y[o + i] = (x[o + i] * sc) * w[i];
            }
        }
    }

    /**
     * y = x·r·w with r = (mean(x²) + ε)^−½: dx += r·(w ⊙ dy) − r³/d · x · Σ(w ⊙ dy ⊙ x), dw += Σ_rows dy ⊙ x·r.
     */
    private void rmsNormBackward(float[] x, float[] w, float[] inv, float[] dy, float[] dx, float[] dw, int rows) {
        int d = s.dModel();
        for (int r = 0; r < rows; r++) {
            int o = r * d;
            double r1 = inv[r];
            double dot = 0;
            for (int i = 0; i < d; i++) {
                dot += (double) w[i] * dy[o + i] * x[o + i];
            }
            double c = r1 * r1 * r1 * dot / d;
            for (int i = 0; i < d; i++) {
                dx[o + i] += (float) (r1 * w[i] * dy[o + i] - c * x[o + i]);
                dw[i] += (float) (dy[o + i] * x[o + i] * r1);
            }
        }
    }

    private void attentionForward(LayerActivations a, int sequences, int length) {
        int hd = s.headDim();
        int qDim = s.qDim();
        int kvDim = s.kvDim();
        int group = s.group();
        mm.pool().run(sequences * s.kvHeads(), task -> {
            int seq = task / s.kvHeads();
            int kvh = task % s.kvHeads();
            int base = seq * length;
            for (int h = kvh * group; h < (kvh + 1) * group; h++) {
                for (int t = 0; t < length; t++) {
                    int pRow = ((seq * s.heads() + h) * length + t) * length;
                    int qo = (base + t) * qDim + h * hd;
                    float max = Float.NEGATIVE_INFINITY;
                    for (int j = 0; j <= t; j++) {
                        float sc = f.dot(a.q, qo, a.k, (base + j) * kvDim + kvh * hd, hd) * scale;
                        a.probs[pRow + j] = sc;
                        max = Math.max(max, sc);
                    }
                    double sum = 0;
                    for (int j = 0; j <= t; j++) {
                        float e = (float) Math.exp(a.probs[pRow + j] - max);
                        a.probs[pRow + j] = e;
                        sum += e;
                    }
                    float invSum = (float) (1.0 / sum);
                    Arrays.fill(a.att, qo, qo + hd, 0f);
                    for (int j = 0; j <= t; j++) {
                        a.probs[pRow + j] *= invSum;
                        f.axpy(a.probs[pRow + j], a.v, (base + j) * kvDim + kvh * hd, a.att, qo, hd);
                    }
                }
            }
        });
    }

    /**
     * Through o = Σ p·v and p = softmax(s), s = q·k·scale: dv += p·do, dp = do·v, ds = p ⊙ (dp − Σ p·dp),
     * dq += scale·ds·k, dk += scale·ds·q. One task per (sequence, KV head): the query heads sharing a KV head add to
     * its gradient in turn, so no two tasks write the same place.
     */
    private void attentionBackward(LayerActivations a, float[] dAtt, float[] dq, float[] dk, float[] dv,
                                   int sequences, int length) {
        int hd = s.headDim();
        int qDim = s.qDim();
        int kvDim = s.kvDim();
        int group = s.group();
        mm.pool().run(sequences * s.kvHeads(), task -> {
            int seq = task / s.kvHeads();
            int kvh = task % s.kvHeads();
            int base = seq * length;
            float[] ds = new float[length];
            for (int h = kvh * group; h < (kvh + 1) * group; h++) {
                for (int t = 0; t < length; t++) {
                    int pRow = ((seq * s.heads() + h) * length + t) * length;
                    int qo = (base + t) * qDim + h * hd;
                    double sum = 0;
                    for (int j = 0; j <= t; j++) {
                        int kvo = (base + j) * kvDim + kvh * hd;
                        float dp = f.dot(dAtt, qo, a.v, kvo, hd);
                        float pj = a.probs[pRow + j];
                        f.axpy(pj, dAtt, qo, dv, kvo, hd);
                        ds[j] = dp;
                        sum += (double) pj * dp;
                    }
                    for (int j = 0; j <= t; j++) {
                        int kvo = (base + j) * kvDim + kvh * hd;
                        float g = (float) (a.probs[pRow + j] * (ds[j] - sum)) * scale;
                        f.axpy(g, a.k, kvo, dq, qo, hd);
                        f.axpy(g, a.q, qo, dk, kvo, hd);
                    }
                }
            }
        });
    }

    /** Softmax cross-entropy per row (log-sum-exp in double); leaves the probabilities in {@link #probs}. */
    private double crossEntropy(Batch b) {
        int n = b.rows();
        int vocab = s.vocab();
        for (int t = 0; t < n; t++) {
            if (b.targets()[t] < 0 || b.targets()[t] >= vocab) {
                throw new IllegalArgumentException("target id " + b.targets()[t] + " is outside the vocabulary");
            }
        }
        int tasks = Math.max(1, Math.min(n, mm.pool().threads() * 4));
        mm.pool().run(tasks, task -> {
            int from = (int) ((long) n * task / tasks);
            int to = (int) ((long) n * (task + 1) / tasks);
            for (int t = from; t < to; t++) {
                int row = t * vocab;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < vocab; j++) {
                    max = Math.max(max, probs[row + j]);
                }
                double sum = 0;
                for (int j = 0; j < vocab; j++) {
                    sum += Math.exp(probs[row + j] - max);
                }
                double lse = max + Math.log(sum);
                nll[t] = (float) (lse - probs[row + b.targets()[t]]);
                for (int j = 0; j < vocab; j++) {
                    probs[row + j] = (float) Math.exp(probs[row + j] - lse);
                }
            }
        });
        double total = 0;
        double weights = 0;
        for (int t = 0; t < n; t++) {
            float w = b.weights()[t];
            if (w != 0f) {
                total += w * (double) nll[t];
                weights += w;
            }
        }
        lossWeight = weights;
        return weights == 0 ? 0 : total / weights;
    }

    private static void add(float[] from, float[] to) {
        for (int i = 0; i < from.length; i++) {
            to[i] += from[i];
        }
    }
}
