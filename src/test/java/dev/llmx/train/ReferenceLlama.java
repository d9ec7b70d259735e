package dev.llmx.train;

import dev.llmx.model.RopeLayout;

import java.util.List;

/**
 * A second, deliberately plain implementation of the llama training loss in double precision, written straight from
 * the formulas (no saved activations, no kernels, no threads): the yardstick for the gradient check, whose central
 * differences must be computed in double to resolve small gradients.
 */
final class ReferenceLlama {
    private final LlamaShape s;
    /** Each parameter's values in double, in {@link Parameters#all()} order; the check perturbs these. */
    final double[][] w;
    private final List<Parameter> order;

    ReferenceLlama(Parameters p) {
        this.s = p.shape();
        this.order = p.all();
        this.w = new double[order.size()][];
        for (int i = 0; i < order.size(); i++) {
            float[] v = order.get(i).values();
            w[i] = new double[v.length];
            for (int j = 0; j < v.length; j++) {
                w[i][j] = v[j];
            }
        }
    }

    private double[] t(String name) {
        for (int i = 0; i < order.size(); i++) {
            if (order.get(i).name().equals(name)) {
                return w[i];
            }
        }
        throw new IllegalArgumentException(name);
    }

    double loss(Batch b) {
        double total = 0;
        double weights = 0;
        for (int seq = 0; seq < b.sequences(); seq++) {
            double[][] nll = sequence(b, seq);
            for (int t = 0; t < b.length(); t++) {
                double wt = b.weights()[seq * b.length() + t];
                total += wt * nll[t][0];
                weights += wt;
            }
        }
        return total / weights;
    }

    double[][] sequence(Batch b, int seq) {
        int T = b.length();
        int d = s.dModel();
        double[][] x = new double[T][];
        double[] e = t("token_embd.weight");
        for (int t = 0; t < T; t++) {
            x[t] = new double[d];
            System.arraycopy(e, b.inputs()[seq * T + t] * d, x[t], 0, d);
        }
        for (int l = 0; l < s.layers(); l++) {
            String p = "blk." + l + ".";
            double[][] q = new double[T][];
            double[][] k = new double[T][];
            double[][] v = new double[T][];
            for (int t = 0; t < T; t++) {
                double[] h = norm(x[t], t(p + "attn_norm.weight"));
                q[t] = rope(mul(t(p + "attn_q.weight"), h, s.qDim()), s.heads(), t);
                k[t] = rope(mul(t(p + "attn_k.weight"), h, s.kvDim()), s.kvHeads(), t);
                v[t] = mul(t(p + "attn_v.weight"), h, s.kvDim());
            }
            int hd = s.headDim();
            for (int t = 0; t < T; t++) {
                double[] o = new double[s.qDim()];
                for (int h = 0; h < s.heads(); h++) {
                    int kv = h / s.group();
                    double[] sc = new double[t + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j <= t; j++) {
                        double dot = 0;
                        for (int i = 0; i < hd; i++) {
                            dot += q[t][h * hd + i] * k[j][kv * hd + i];
                        }
                        sc[j] = dot / Math.sqrt(hd);
                        max = Math.max(max, sc[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j <= t; j++) {
                        sc[j] = Math.exp(sc[j] - max);
                        sum += sc[j];
                    }
                    for (int j = 0; j <= t; j++) {
                        for (int i = 0; i < hd; i++) {
                            o[h * hd + i] += sc[j] / sum * v[j][kv * hd + i];
                        }
                    }
                }
                double[] a = mul(t(p + "attn_output.weight"), o, d);
                for (int i = 0; i < d; i++) {
                    x[t][i] += a[i];
                }
            }
            for (int t = 0; t < T; t++) {
                double[] h = norm(x[t], t(p + "ffn_norm.weight"));
                double[] g = mul(t(p + "ffn_gate.weight"), h, s.ffn());
                double[] u = mul(t(p + "ffn_up.weight"), h, s.ffn());
                for (int i = 0; i < g.length; i++) {
                    g[i] = g[i] / (1 + Math.exp(-g[i])) * u[i];
                }
                double[] f = mul(t(p + "ffn_down.weight"), g, d);
                for (int i = 0; i < d; i++) {
                    x[t][i] += f[i];
                }
            }
        }
        double[] out = s.tied() ? e : t("output.weight");
        double[][] nll = new double[T][1];
        for (int t = 0; t < T; t++) {
            double[] logits = mul(out, norm(x[t], t("output_norm.weight")), s.vocab());
            double max = Double.NEGATIVE_INFINITY;
            for (double z : logits) {
                max = Math.max(max, z);
            }
            double sum = 0;
            for (double z : logits) {
                sum += Math.exp(z - max);
            }
            nll[t][0] = max + Math.log(sum) - logits[b.targets()[seq * T + t]];
        }
        return nll;
    }

    private double[] norm(double[] x, double[] g) {
        double ss = 0;
        for (double v : x) {
            ss += v * v;
        }
        double r = 1 / Math.sqrt(ss / x.length + s.eps());
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * r * g[i];
        }
        return y;
    }

    private static double[] mul(double[] m, double[] x, int rows) {
        double[] y = new double[rows];
        for (int r = 0; r < rows; r++) {
            double acc = 0;
            for (int c = 0; c < x.length; c++) {
                acc += m[r * x.length + c] * x[c];
            }
            y[r] = acc;
        }
        return y;
    }

    private double[] rope(double[] x, int heads, int position) {
        int hd = s.headDim();
        int half = s.ropeDims() / 2;
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < half; i++) {
                int a = s.ropeLayout() == RopeLayout.INTERLEAVED ? h * hd + 2 * i : h * hd + i;
                int b = s.ropeLayout() == RopeLayout.INTERLEAVED ? a + 1 : a + half;
                double angle = position * Math.pow(s.ropeBase(), -2.0 * i / s.ropeDims());
                double c = Math.cos(angle);
                double sn = Math.sin(angle);
                double x0 = x[a];
                double x1 = x[b];
                x[a] = x0 * c - x1 * sn;
                x[b] = x0 * sn + x1 * c;
            }
        }
        return x;
    }
}
