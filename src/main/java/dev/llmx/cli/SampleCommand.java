package dev.llmx.cli;

import dev.llmx.LlmxException;
import dev.llmx.UsageException;
import dev.llmx.cli.sample.ChainTrace;
import dev.llmx.cli.sample.LogitsJson;
import dev.llmx.cli.sample.SampleReport;
import dev.llmx.engine.Session;
import dev.llmx.render.Renderer;
import dev.llmx.render.Visible;
import dev.llmx.sampling.Candidates;
import dev.llmx.sampling.Sampler;
import dev.llmx.sampling.SamplerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;

/** {@code llmx sample}: the sampler chain on one next-token distribution, step by step. */
@Command(name = "sample",
        description = {
            "The sampler chain, step by step, on the next-token distribution after TEXT.",
            "",
            "Runs the prompt through the model (or reads 'llmx logits --format json' from standard input) and",
            "shows each step of the chain that generate uses: how many candidates remain, the top candidates",
            "with their probability before and after the step, the probability removed, the entropy; then the",
            "token drawn with the seed, its rank and its raw probability. --draws N draws N times and shows",
            "the histogram next to the final distribution. JSON: see docs/sample.md."
        },
        footer = {
            "",
            "Examples:",
            "  llmx sample \"Once upon a time\" --top-k 5 --temp 0.7",
            "  llmx sample \"Lily and Ben\" --temp 1.5 --draws 1000 --seed 1",
            "  llmx sample --samplers \"temperature;min_p\" --temp 2 --min-p 0.1 \"One day\"",
            "  llmx logits \"Once upon a time\" --top 50 --format json | llmx sample --top-p 0.9"
        })
public final class SampleCommand extends LlmxSubcommand {
    private static final int MAX_DRAWS = 10_000_000;
    /** The first line of 'llmx logits' as CSV or as a table: piped by mistake, it is not a prompt to run. */
    private static final java.util.regex.Pattern LOGITS_TEXT =
            java.util.regex.Pattern.compile("\\s*(position,token_id,|after position \\d+ \\(token )");

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

    @Mixin
    SamplingOptions sampling;

    @Option(names = "--draws", paramLabel = "N", defaultValue = "1",
            description = "Draw N tokens with the seed and show how often each came (default: ${DEFAULT-VALUE}).")
    int draws;

    @Option(names = "--show", paramLabel = "N", defaultValue = "10",
            description = "Candidates shown per step in the table (default: ${DEFAULT-VALUE}).")
    int show;

    @Override
    protected int execute() throws Exception {
        if (draws < 1 || draws > MAX_DRAWS) {
            throw new UsageException("--draws must be between 1 and " + MAX_DRAWS + ", not " + draws);
        }
        if (show < 1) {
            throw new UsageException("--show must be at least 1, not " + show);
        }
        SamplerSettings settings = sampling.settings();
        String text = prompt.read(terminal());
        try (Renderer out = renderer(false)) {
            if (prompt.words.isEmpty() && prompt.promptOption == null && text.stripLeading().startsWith("{")) {
                if (model.path().isPresent()) {
                    throw new UsageException("-m goes with a prompt; piped logits JSON already comes from a model");
                }
                fromJson(out, settings, LogitsJson.parse(text));
            } else if (prompt.words.isEmpty() && prompt.promptOption == null && LOGITS_TEXT.matcher(text).lookingAt()) {
                throw new LlmxException("standard input is the table or CSV of 'llmx logits', not a prompt; pipe "
                        + "'llmx logits --format json' into sample");
            } else {
                fromModel(out, settings, text);
            }
        }
        return 0;
    }

    private void fromJson(Renderer out, SamplerSettings settings, LogitsJson in) {
        Candidates c = candidates(in.ids(), in.logits());
        SampleReport.Source source = new SampleReport.Source("next token from standard input ("
                + in.ids().length + " candidates)", in.promptTokens(), true, in.ids().length, in.listedMass(),
                in.topKOnly());
        ChainTrace trace = new ChainTrace(new Sampler(settings), c, in.promptTokens(), draws);
        out.emit(SampleReport.of(source, settings, trace, id -> in.pieces().getOrDefault(id, ""), show));
    }

    private void fromModel(Renderer out, SamplerSettings settings, String text) {
        try (EngineModel em = EngineModel.open(model);
             Session session = Session.open(em.model, context.requested(), threads.threads(), cacheTypes.types())) {
            int[] promptTokens = em.promptTokens(text);
            if (promptTokens.length == 0) {
                throw new LlmxException("the prompt is empty and the model adds no BOS token; give some text");
            }
            float[] logits = session.prefill(promptTokens, null);
            int[] ids = new int[logits.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = i;
            }
            SampleReport.Source source = new SampleReport.Source("next token after '" + Visible.text(text) + "' ("
                    + promptTokens.length + " prompt tokens, " + logits.length + " candidates)", promptTokens, false,
                    logits.length, 1, false);
            ChainTrace trace = new ChainTrace(new Sampler(settings), candidates(ids, logits), promptTokens, draws);
            out.emit(SampleReport.of(source, settings, trace,
                    id -> new String(em.bytesOf(id), StandardCharsets.UTF_8), show));
        }
    }

    private static Candidates candidates(int[] ids, float[] logits) {
        try {
            return Candidates.of(ids, logits);
        } catch (IllegalArgumentException e) {
            throw new LlmxException("cannot sample: " + e.getMessage());
        }
    }
}
