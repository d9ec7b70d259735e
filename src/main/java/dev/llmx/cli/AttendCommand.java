package dev.llmx.cli;

import dev.llmx.LlmxException;
import dev.llmx.UsageException;
import dev.llmx.attention.RopeWhatIf;
import dev.llmx.cli.attend.AttendReport;
import dev.llmx.cli.attend.AttentionCapture;
import dev.llmx.engine.Model;
import dev.llmx.engine.Session;
import dev.llmx.engine.Stage;
import dev.llmx.render.Renderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
            "if q and k were not rotated by RoPE. At most " + AttendCommand.MAX_POSITIONS + " prompt tokens.",
            "JSON: see docs/attend.md."
        },
        footer = {
            "",
            "Examples:",
            "  llmx attend \"The cat that I saw yesterday was sleeping\"",
            "  llmx attend --layer 4 \"The cat that I saw yesterday was sleeping\"",
            "  llmx attend --layer 4 --query 8 \"The cat that I saw yesterday was sleeping\"",
            "  llmx attend --layer 0 --head 2 --no-rope \"Once upon a time\""
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
             Session session = Session.open(em.model, context.requested(), threads.threads());
             Renderer out = renderer(false)) {
            Model m = em.model;
            check(m);
            int[] tokens = em.promptOrPipedTokens(text);
            if (tokens.length == 0) {
                throw new LlmxException("the prompt is empty and the model adds no BOS token; give some text");
            }
            PromptLimit.check("attend", tokens.length, MAX_POSITIONS);
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
            report.detail(layer != null, head, query);
            report.window(from, to);
            out.emit(report.build());
        }
        return 0;
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
