package dev.llmx.cli;

import dev.llmx.LlmxException;
import dev.llmx.UsageException;
import dev.llmx.cli.layers.LayersReport;
import dev.llmx.cli.layers.PositionCapture;
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

/** {@code llmx layers}: the residual stream of one token, block by block, with the logit lens. */
@Command(name = "layers",
        description = {
            "The residual stream block by block: what attention and the FFN add, and the logit lens.",
            "",
            "Runs the prompt and follows one token (the last, or --position I) through the layers: the norm",
            "of its residual stream entering each layer, how much attention (attn_out) and the feed-forward",
            "network (ffn_out) added, the FFN neurons most active after the activation (in a mixture of",
            "experts: the experts the router chose and their weights; llmx route shows them for every token),",
            "and the logit lens:",
            "the top next tokens if the stream were decoded at that layer (final norm, then the output",
            "matrix). At the last layer the lens is the model's real prediction (as llmx logits shows it).",
            "--track TOKEN follows one token's rank and probability through the lens, layer by layer.",
            "JSON: see docs/layers.md."
        },
        footer = {
            "",
            "Examples:",
            "  llmx layers \"Once upon a time there was a little girl named\"",
            "  llmx layers --position 3 --top 5 \"Once upon a time\"",
            "  llmx layers --format json \"Lily and Ben\"",
            "  llmx layers --track Lily \"Once upon a time there was a little girl named\""
        })
public final class LayersCommand extends LlmxSubcommand {
    private static final int MAX_TOP = 100;

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

    @Option(names = "--position", paramLabel = "I", description = "The token to follow (default: the last).")
    Integer position;

    @Option(names = "--top", paramLabel = "K", defaultValue = "3",
            description = "Logit-lens tokens and FFN neurons shown per layer (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--track", paramLabel = "TOKEN",
            description = "Follow one token (its text) through the logit lens: its rank and probability at each layer.")
    String track;

    @Option(names = "--png", paramLabel = "FILE",
            description = "Also draw the logit lens to FILE (PNG): layers × the tokens in any layer's top, by probability.")
    Path png;

    @Override
    protected int execute() throws Exception {
        if (top < 1 || top > MAX_TOP) {
            throw new UsageException("--top must be between 1 and " + MAX_TOP + ", not " + top);
        }
        String text = prompt.read(terminal());
        try (EngineModel em = EngineModel.open(model);
             Session session = Session.open(em.model, context.requested(), threads.threads(), cacheTypes.types());
             Renderer out = renderer(false)) {
            Model m = em.model;
            int[] tokens = em.promptOrPipedTokens(text);
            if (tokens.length == 0) {
                throw new LlmxException("the prompt is empty and the model adds no BOS token; give some text");
            }
            int at = position == null ? tokens.length - 1 : position;
            if (at < 0 || at >= tokens.length) {
                throw new UsageException("--position must be a position of the prompt, 0 to " + (tokens.length - 1)
                        + ", not " + at);
            }
            PositionCapture capture = new PositionCapture(at, EnumSet.of(Stage.TOKEN_EMBD, Stage.ATTN_OUT,
                    Stage.RESID_MID, Stage.FFN_ACT, Stage.FFN_OUT, Stage.RESID_OUT, Stage.FFN_MOE_TOPK,
                    Stage.FFN_MOE_WEIGHTS));
            session.prefill(tokens, capture);
            int tracked = track == null ? -1 : TrackedToken.id(em, track);
            List<LayersReport.Layer> layers = new ArrayList<>();
            List<LayersReport.Tracked> trail = new ArrayList<>();
            List<float[]> lenses = new ArrayList<>();
            // Every layer, the last included: its lens is the model's own prediction (the check that the lens is right).
            for (int l = 0; l < m.layerCount(); l++) {
                float[] residual = capture.row(Stage.RESID_OUT, l);
                float[] lens = session.logitLens(residual);
                lenses.add(lens);
                layers.add(LayersReport.layer(l, capture.row(Stage.ATTN_OUT, l), capture.row(Stage.RESID_MID, l),
                        capture.row(Stage.FFN_ACT, l), capture.row(Stage.FFN_MOE_TOPK, l),
                        capture.row(Stage.FFN_MOE_WEIGHTS, l), capture.row(Stage.FFN_OUT, l), residual,
                        lens, top, em::bytesOf));
                if (tracked >= 0) {
                    trail.add(LayersReport.tracked(l, lens, tracked));
                }
            }
            if (png != null) {
                CommandPictures.lens(png, lenses, top, em::bytesOf, at);
            }
            LayersReport report = new LayersReport(tokens, at, em.bytesOf(tokens[at]),
                    m.traits().activation().jsonName(), capture.row(Stage.TOKEN_EMBD, 0), layers);
            out.emit(tracked >= 0 ? report.withTrack(tracked, em.bytesOf(tracked), trail) : report);
        }
        return 0;
    }
}
