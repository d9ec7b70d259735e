package dev.llmx.cli;

import dev.llmx.LlmxException;
import dev.llmx.UsageException;
import dev.llmx.attention.RopeWhatIf;
import dev.llmx.cli.attend.AttendReport;
import dev.llmx.cli.attend.AttentionCapture;
import dev.llmx.cli.png.CommandPictures;
import dev.llmx.engine.Model;
import dev.llmx.engine.Session;
import dev.llmx.engine.Stage;
import dev.llmx.render.Renderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** {@code llmx attend}: the attention of the prompt's tokens, as the forward pass computed it. */
@Command(name = "attend",
        description = {
            "Who attends to whom: attention scores and weights, layer by layer, head by head.",
            "",
            "Runs the prompt through the model and shows what its attention computed (the engine's probes",
            "blk.N.attn_scores, attn_weights, q, k, v, kqv_out; nothing is recomputed). Without --layer: a",
            "summary of every head of every layer (mean entropy of its weights, share on the first token, the",
            "key the last token weighs most). --layer L: each head's softmax weights as a query × key heatmap",
            "(masked keys, later tokens or outside a sliding window, show as dots); --head H picks one head",
            "and adds its scaled, masked scores and, per query, its strongest key. --query I walks one query",
            "token through it: its score with every key, the softmax percentages (they sum to 100 %%), and the",
            "weighted mix of value vectors that is the head's output. --no-rope adds a what-if: the weights",
            "if q and k were not rotated by RoPE. --continue N first generates N tokens (greedy) and shows the",
            "attention over the prompt and the generated tokens; --png FILE draws the heatmap as a picture.",
            "At most " + AttendCommand.MAX_POSITIONS + " positions (prompt and generated tokens together).",
            "JSON: see docs/attend.md."
        },
        footer = {
            "",
            "Examples:",
            "  llmx attend \"The cat that I saw yesterday was sleeping\"",
            "  llmx attend --layer 4 --query 8 \"The cat that I saw yesterday was sleeping\"",
            "  llmx attend --layer 0 --head 2 --no-rope \"Once upon a time\"",
            "  llmx attend --layer 4 --continue 12 --png attention.png \"Once upon a time\""
        })
public final class AttendCommand extends LlmxSubcommand {
    /** Keeping every layer's square weight matrices costs positions² × heads × layers floats: a bound keeps it sane. */
    static final int MAX_POSITIONS = 256;

    @Mixin
    ModelOption model;

    @Mixin
    ThreadsOption threads;

    @Mixin
    ContextOption context;

    @Mixin
    KvCacheOptions cacheTypes;

    @Mixin
    PromptInput prompt;

    @Option(names = "--layer", paramLabel = "L", description = "Show layer L in detail (default: a summary of all).")
    Integer layer;

    @Option(names = "--head", paramLabel = "H", description = "Only head H of the layer (needs --layer).")
    Integer head;

    @Option(names = "--query", paramLabel = "I",
            description = "Walk query token I (a position, 0 = first) through the attention (needs --layer).")
    Integer query;

    @Option(names = "--no-rope", description = "Add a what-if: the weights without RoPE's rotation (needs --layer).")
    boolean noRope;

    @Option(names = "--numbers", description = "Print the weights as numbers instead of heatmaps.")
    boolean numbers;

    @Option(names = "--from", paramLabel = "I",
            description = "First position shown in the matrices (default: as many of the last as fit the width).")
    Integer from;

    @Option(names = "--to", paramLabel = "J", description = "Last position shown in the matrices (default: the last).")
    Integer to;

    @Option(names = "--png", paramLabel = "FILE",
            description = "Also draw a heatmap to FILE (PNG): with --layer its weights (query × key, heads side by "
                    + "side or --head), else each head's mean entropy per layer.")
    Path png;

    @Option(names = "--continue", paramLabel = "N",
            description = "First generate N tokens greedily after the prompt; show attention over prompt and "
                    + "generated tokens together.")
    int continueTokens;

    @Override
    protected int execute() throws Exception {
        if (layer == null && (head != null || query != null || noRope)) {
            throw new UsageException("--head, --query and --no-rope look at one layer: give --layer too");
        }
        if ((from != null && from < 0) || (to != null && to < 0) || (from != null && to != null && from > to)) {
            throw new UsageException("--from and --to are positions with --from ≤ --to, not " + from + " and " + to);
        }
        String text = prompt.read(terminal());
        try (EngineModel em = EngineModel.open(model);
             Session session = Session.open(em.model, context.requested(), threads.threads(), cacheTypes.types());
             Renderer out = renderer(false)) {
            Model m = em.model;
            check(m);
            int[] tokens = em.promptOrPipedTokens(text);
            if (tokens.length == 0) {
                throw new LlmxException("the prompt is empty and the model adds no BOS token; give some text");
            }
            if (continueTokens < 0 || continueTokens > MAX_POSITIONS) {
                throw new UsageException("--continue must be between 0 and " + MAX_POSITIONS + ", not "
                        + continueTokens);
            }
            PromptLimit.check("attend", tokens.length + continueTokens, MAX_POSITIONS);
            if (continueTokens > 0) {
                tokens = GeneratedTokens.greedy(em, session, tokens, continueTokens);
            }
            if (query != null && (query < 0 || query >= tokens.length)) {
                throw new UsageException("--query must be a position of the prompt, 0 to " + (tokens.length - 1)
                        + ", not " + query);
            }
            int n = tokens.length;
            boolean[] layers = new boolean[m.layerCount()];
            for (int l = 0; l < layers.length; l++) {
                layers[l] = layer == null || l == layer;
            }
            Set<Stage> stages = layer == null ? EnumSet.of(Stage.ATTN_WEIGHTS)
                    : EnumSet.of(Stage.ATTN_SCORES, Stage.ATTN_WEIGHTS, Stage.Q, Stage.K, Stage.V, Stage.KQV_OUT);
            AttentionCapture capture = new AttentionCapture(n, m.heads(), layers, stages);
            session.prefill(tokens, capture);

            List<byte[]> pieces = new ArrayList<>();
            for (int id : tokens) {
                pieces.add(em.bytesOf(id));
            }
            AttendReport.Builder report = new AttendReport.Builder(m.heads(), m.kvHeads(), m.headDim(), m.valueDim(),
                    m.attentionScale(), tokens, pieces, numbers);
            for (int l = 0; l < layers.length; l++) {
                if (!layers[l]) {
                    continue;
                }
                AttendReport.LayerTensors t = new AttendReport.LayerTensors(l, m.window(l),
                        capture.tensor(l, Stage.ATTN_SCORES), capture.tensor(l, Stage.ATTN_WEIGHTS),
                        capture.tensor(l, Stage.V), capture.tensor(l, Stage.KQV_OUT), noRope ? whatIf(m, capture, l, n)
                        : null);
                report.layer(t);
            }
            if (png != null) {
                if (layer != null) {
                    CommandPictures.attention(png, layer, head, m.heads(), capture.tensor(layer, Stage.ATTN_WEIGHTS),
                            pieces);
                } else {
                    CommandPictures.attentionEntropy(png, meanEntropy(capture, m.layerCount(), m.heads(), n));
                }
            }
            report.detail(layer != null, head, query);
            report.window(from, to);
            out.emit(report.build());
        }
        return 0;
    }

    /** Each head's attention entropy, averaged over the queries: layers × heads. */
    private static float[][] meanEntropy(AttentionCapture capture, int layers, int heads, int n) {
        float[][] out = new float[layers][heads];
        for (int l = 0; l < layers; l++) {
            float[] w = capture.tensor(l, Stage.ATTN_WEIGHTS);
            for (int h = 0; h < heads; h++) {
                double sum = 0;
                for (int q = 0; q < n; q++) {
                    for (int k = 0; k <= q; k++) {
                        double p = w[(q * heads + h) * n + k];
                        if (p > 0) {
                            sum -= p * Math.log(p);
                        }
                    }
                }
                out[l][h] = (float) (sum / n);
            }
        }
        return out;
    }

    private void check(Model m) {
        if (layer != null && (layer < 0 || layer >= m.layerCount())) {
            throw new UsageException("--layer must be between 0 and " + (m.layerCount() - 1) + ", not " + layer);
        }
        if (head != null && (head < 0 || head >= m.heads())) {
            throw new UsageException("--head must be between 0 and " + (m.heads() - 1) + ", not " + head);
        }
    }

    private static float[] whatIf(Model m, AttentionCapture capture, int l, int n) {
        return RopeWhatIf.scoresWithoutRope(capture.tensor(l, Stage.Q), capture.tensor(l, Stage.K), n, m.heads(),
                m.kvHeads(), m.headDim(), m.rope(l), m.attentionScale(), m.window(l));
    }
}
