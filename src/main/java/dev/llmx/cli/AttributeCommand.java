package dev.llmx.cli;

import dev.llmx.LlmxException;
import dev.llmx.UsageException;
import dev.llmx.attribution.DirectLogitAttribution;
import dev.llmx.cli.attribute.AttributionReport;
import dev.llmx.engine.Session;
import dev.llmx.render.Renderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** {@code llmx attribute}: direct logit attribution of one token's logit to the embedding, layers and heads. */
@Command(name = "attribute",
        description = {
            "Direct logit attribution: what each layer's attention (and each head) and FFN wrote toward a logit.",
            "",
            "The residual stream at the end is the embedding plus every block's output; with the final norm's",
            "scale at this position held fixed the logit is linear in it, so it splits into one term per",
            "component that sums to the logit. --target TOKEN picks the token (default: the model's top",
            "prediction), --position I the position (default: the last); --png FILE draws the bars.",
            "JSON: see docs/attribute.md."
        },
        footer = {
            "",
            "Examples:",
            "  llmx attribute \"Once upon a time there was a little girl named\"",
            "  llmx attribute --target Lily --heads \"Once upon a time there was a little girl named\"",
            "  llmx attribute --position 3 --format json \"Once upon a time\""
        })
public final class AttributeCommand extends LlmxSubcommand {
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

    @Option(names = "--target", paramLabel = "TOKEN",
            description = "The token whose logit is explained (its text; default: the most likely next token).")
    String target;

    @Option(names = "--position", paramLabel = "I", description = "The position (default: the last).")
    Integer position;

    @Option(names = "--heads", description = "Also split each attention block's term by head.")
    boolean heads;

    @Option(names = "--png", paramLabel = "FILE", description = "Also draw the contributions as a bar chart (PNG).")
    Path png;

    @Override
    protected int execute() throws Exception {
        String text = prompt.read(terminal());
        try (EngineModel em = EngineModel.open(model);
             Session session = Session.open(em.model, context.requested(), threads.threads(), cacheTypes.types());
             Renderer out = renderer(false)) {
            int[] tokens = em.promptOrPipedTokens(text);
            if (tokens.length == 0) {
                throw new LlmxException("the prompt is empty and the model adds no BOS token; give some text");
            }
            int at = position == null ? tokens.length - 1 : position;
            if (at < 0 || at >= tokens.length) {
                throw new UsageException("--position " + at + " is out of range; the prompt has " + tokens.length
                        + " tokens (0–" + (tokens.length - 1) + ")");
            }
            // No --target: the model's top token, taken from the attribution's own forward pass.
            int requested = target != null ? TrackedToken.id(em, target, "--target") : -1;
            DirectLogitAttribution.Result r = DirectLogitAttribution.compute(session, tokens, at, requested);
            int id = r.target();
            AttributionReport report = new AttributionReport(tokens, piece(em, tokens[at]), piece(em, id), r, heads);
            if (png != null) {
                report.drawBars(png);
            }
            out.emit(report);
        }
        return 0;
    }

    private static String piece(EngineModel em, int id) {
        return new String(em.bytesOf(id), StandardCharsets.UTF_8);
    }
}
