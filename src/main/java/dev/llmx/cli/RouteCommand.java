package dev.llmx.cli;

import dev.llmx.LlmxException;
import dev.llmx.UsageException;
import dev.llmx.cli.route.RouteCapture;
import dev.llmx.cli.route.RouteReport;
import dev.llmx.engine.Model;
import dev.llmx.engine.Session;
import dev.llmx.model.LayerDescription;
import dev.llmx.render.Renderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Arrays;

/** {@code llmx route}: which experts a mixture-of-experts model's router chose, token by token and over a text. */
@Command(name = "route",
        description = {
            "Which experts the router of a mixture-of-experts model chose, per token and layer.",
            "",
            "Runs the prompt and records each layer's router (the probes blk.N.ffn_moe_topk and",
            "blk.N.ffn_moe_weights): a grid of token × layer with the chosen experts and their weights, then",
            "a heatmap of how often each expert was chosen per layer over the whole text (-f FILE for a long",
            "one: a text longer than the context runs in context-sized chunks, each from an empty cache; at",
            "most 65,536 tokens). A dense model has no router and is an error. JSON: see docs/route.md."
        },
        footer = {
            "",
            "Examples:",
            "  llmx route -m ../shared/refs/models/ref-qwen3moe-Q8_0.gguf \"The cat sat on the mat\"",
            "  llmx route -m ../shared/refs/models/ref-gptoss-MXFP4.gguf --show 0 \"Once upon a time\"",
            "  llmx route -m ../shared/refs/models/ref-qwen3moe-Q8_0.gguf --format csv \"Hello\""
        })
public final class RouteCommand extends LlmxSubcommand {
    private static final int MAX_SHOW = 10_000;
    /** Tokens one run records (every token's route is kept for the JSON: layers × k ids and weights each). */
    private static final int MAX_TOKENS = 65_536;

    @Mixin
    ModelOption model;

    @Mixin
    ThreadsOption threads;

    @Mixin
    KvCacheOptions cacheTypes;

    @Mixin
    ContextOption context;

    @Mixin
    PromptInput prompt;

    @Option(names = "--png", paramLabel = "FILE",
            description = "Also draw the expert usage (layers × experts, share of tokens) as a heatmap (PNG).")
    java.nio.file.Path png;

    @Option(names = "--show", paramLabel = "N", defaultValue = "32",
            description = "Tokens the grid shows, the first N (default: ${DEFAULT-VALUE}; 0: only the usage heatmap).")
    int show;

    @Override
    protected int execute() throws Exception {
        if (show < 0 || show > MAX_SHOW) {
            throw new UsageException("--show must be between 0 and " + MAX_SHOW + ", not " + show);
        }
        String text = prompt.read(terminal());
        try (EngineModel em = EngineModel.open(model)) {
            Model m = em.model;
            LayerDescription.FeedForward ffn = m.description().layers().stream().map(LayerDescription::ffn)
                    .filter(LayerDescription.FeedForward::isMoe).findFirst()
                    .orElseThrow(() -> new LlmxException(em.source.path().getFileName() + " is not a mixture of "
                            + "experts: its " + m.config().architecture() + " feed-forward is dense, there is no router"));
            int[] tokens = em.promptOrPipedTokens(text);
            if (tokens.length == 0) {
                throw new LlmxException("the prompt is empty and the model adds no BOS token; give some text");
            }
            if (tokens.length > MAX_TOKENS) {
                throw new LlmxException("the text has " + tokens.length + " tokens; llmx route records at most "
                        + MAX_TOKENS + " (give a shorter text)");
            }
            try (Renderer out = renderer(false);
                 Session session = Session.open(m, context.requested(), threads.threads(), cacheTypes.types())) {
                RouteCapture capture = new RouteCapture(tokens.length, m.layerCount(), ffn.expertsUsed());
                int chunk = session.contextLength();
                for (int from = 0; from < tokens.length; from += chunk) {
                    // Routing depends on the context, so each chunk sees only itself (as perplexity tools chunk).
                    session.cache().clear();
                    capture.startChunkAt(from);
                    session.prefill(Arrays.copyOfRange(tokens, from, Math.min(tokens.length, from + chunk)), capture);
                }
                RouteReport report = new RouteReport(tokens, em::bytesOf, m.layerCount(), ffn.experts(),
                        ffn.expertsUsed(), ffn.gating().jsonName(), capture.experts(), capture.weights(), show);
                if (png != null) {
                    dev.llmx.cli.png.CommandPictures.expertUsage(png, report.usageShares());
                }
                out.emit(report);
            }
        }
        return 0;
    }
}
