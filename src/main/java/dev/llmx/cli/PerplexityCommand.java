package dev.llmx.cli;

import dev.llmx.UsageException;
import dev.llmx.cli.perplexity.PerplexityReport;
import dev.llmx.cli.perplexity.PerplexityCurve;
import dev.llmx.eval.ChunkedScoring;
import dev.llmx.eval.KlDivergence;
import dev.llmx.eval.Perplexity;
import dev.llmx.engine.Session;
import dev.llmx.render.Progress;
import dev.llmx.render.Renderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.OptionalInt;

/** {@code llmx perplexity}: how well a model predicts a text, by llama-perplexity's protocol; KL between two models. */
@Command(name = "perplexity",
        description = {
            "The perplexity of the model on a text, measured as llama-perplexity does.",
            "",
            "The text is tokenized (with the model's BOS) and cut into chunks of -c tokens; each chunk runs from",
            "an empty cache with BOS as its first token, and only its second half is scored, so that every scored",
            "token has at least -c/2 tokens of context. Perplexity = exp(mean negative log-likelihood), with its",
            "standard error. --kl-divergence MODEL2 runs a second model (same tokenizer) on the same chunks and",
            "reports how its next-token distributions differ: mean KL divergence, top-token agreement and Δp,",
            "the change in the probability of the true next token (what a quantization did to the model).",
            "--png FILE draws the per-chunk perplexity. Progress goes to standard error on a terminal.",
            "JSON: see docs/perplexity.md."
        },
        footer = {
            "",
            "Examples:",
            "  printf 'Once upon a time, there was a little girl named Lily. She loved to play outside.' | llmx perplexity -c 8",
            "  llmx perplexity -c 8 --format json \"Lily and Ben went to the park. They saw a big dog and a cat.\"",
            "  llmx perplexity -m model-f16.gguf -f wiki.test.raw -c 512 --kl-divergence model-q4_k_m.gguf"
        })
public final class PerplexityCommand extends LlmxSubcommand {
    private static final int DEFAULT_CONTEXT = 512;

    @Mixin
    ModelOption model;

    @Mixin
    ThreadsOption threads;

    @Mixin
    KvCacheOptions cacheTypes;

    @Mixin
    PromptInput text;

    @Option(names = {"-c", "--ctx-size"}, paramLabel = "N",
            description = "Tokens per chunk (default: 512, or the model's context if smaller).")
    int context;

    @Option(names = "--chunks", paramLabel = "N", description = "Score at most N chunks (default: all).")
    int chunks;

    @Option(names = "--kl-divergence", paramLabel = "MODEL2",
            description = "Also run MODEL2 on the same chunks and compare its distributions with the first model's.")
    Path other;

    @Option(names = "--png", paramLabel = "FILE", description = "Draw the per-chunk perplexity to FILE (PNG).")
    Path png;

    @Override
    protected int execute() throws Exception {
        if (context < 0) {
            throw new UsageException("-c must be positive, not " + context);
        }
        if (chunks < 0) {
            throw new UsageException("--chunks must be positive, not " + chunks);
        }
        String input = text.read(terminal());
        try (EngineModel em = EngineModel.open(model);
             Renderer out = renderer(false)) {
            int n = context > 0 ? context : defaultContext(em);
            int[] tokens = em.tokenizer.encode(input, false, true).ids();
            int[] specials = em.tokenizer.encode("", false, true).ids();
            OptionalInt bos = specials.length > 0 && tokens.length > 0 && tokens[0] == specials[0]
                    ? OptionalInt.of(specials[0]) : OptionalInt.empty();
            ChunkedScoring scoring = new ChunkedScoring(tokens, n, bos, chunks);
            String name = model.resolve().getFileName().toString();
            PerplexityReport report;
            if (other == null) {
                try (Session session = Session.open(em.model, n, threads.threads(), cacheTypes.types());
                     Progress progress = Progress.items(terminal(), "llmx perplexity: chunks", scoring.chunks())) {
                    Perplexity.Result r = Perplexity.run(session, scoring, c -> progress.update(c + 1));
                    report = new PerplexityReport(name, r, null, null);
                }
            } else {
                try (EngineModel second = EngineModel.open(other, terminal());
                     Session a = Session.open(em.model, n, threads.threads(), cacheTypes.types());
                     Session b = Session.open(second.model, n, threads.threads(), cacheTypes.types());
                     Progress progress = Progress.items(terminal(), "llmx perplexity: chunks", scoring.chunks())) {
                    KlDivergence.Result r = KlDivergence.run(a, b, scoring, c -> progress.update(c + 1));
                    report = new PerplexityReport(name, r.base(), other.getFileName().toString(), r);
                }
            }
            if (png != null) {
                PerplexityCurve.write(png, report);
            }
            out.emit(report);
        }
        return 0;
    }

    private static int defaultContext(EngineModel em) {
        long trained = em.model.trainedContext();
        return trained > 0 ? (int) Math.min(DEFAULT_CONTEXT, trained) : DEFAULT_CONTEXT;
    }
}
