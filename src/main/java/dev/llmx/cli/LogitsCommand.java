package dev.llmx.cli;

import dev.llmx.LlmxException;
import dev.llmx.UsageException;
import dev.llmx.cli.logits.LogitsReport;
import dev.llmx.cli.intervene.InterventionReport;
import dev.llmx.engine.Probe;
import dev.llmx.engine.Session;
import dev.llmx.intervene.InterventionProbe;
import dev.llmx.probe.ProbeChain;
import dev.llmx.probe.ProbeExport;
import dev.llmx.probe.ProbeRecorder;
import dev.llmx.logits.Distribution;
import dev.llmx.render.Renderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** {@code llmx logits}: the model's next-token distribution after a prompt, and the log-probability of a text. */
@Command(name = "logits",
        description = {
            "The next-token distribution after each prompt token: top candidates, probabilities, entropy.",
            "",
            "Runs the prompt through the model (with the BOS token the model adds) and shows, after the last",
            "token (or every token with --all-positions), the most likely next tokens with their logits and",
            "probabilities and the entropy of the distribution in nats. --continuation TEXT scores a text",
            "after the prompt: the log-probability of each of its tokens, their sum, and the perplexity.",
            "--dump FILE writes every position's logits as little-endian float32, one row of n_vocab per",
            "position. --ablate, --patch and --steer edit the forward pass at a probe point and show the edited",
            "run beside the clean one (top tokens, KL divergence, --track a token's probability); --probe GLOB",
            "--probe-out FILE records probes to safetensors (docs/interventions.md, docs/probes.md).",
            "JSON: see docs/logits.md."
        },
        footer = {
            "",
            "Examples:",
            "  llmx logits \"Once upon a time\"",
            "  llmx logits --ablate blk.4.head.0 --ablate blk.3.ffn --track Lily \"Once upon a time there was a little girl named\"",
            "  llmx logits \"Once upon a time\" --continuation \", there was a little girl\"",
            "  llmx logits --dump logits.f32 \"The cat sat\""
        })
public final class LogitsCommand extends LlmxSubcommand {
    private static final int MAX_TOP = 1000;

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

    @Option(names = "--top", paramLabel = "K", defaultValue = "10",
            description = "Candidates shown per position (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--all-positions", description = "Show the distribution after every prompt token, not only the last.")
    boolean allPositions;

    @Option(names = "--continuation", paramLabel = "TEXT",
            description = "Score TEXT as a continuation of the prompt: each token's log-probability, total, perplexity.")
    String continuation;

    @Option(names = "--dump", paramLabel = "FILE",
            description = "Write the logits of every position run (prompt and continuation) to FILE: little-endian "
                    + "float32, n_positions × n_vocab (written atomically; '-' is standard output).")
    Path dump;

    @Mixin
    InterventionOptions interventions;

    @Mixin
    ProbeOptions probes;

    @Option(names = "--track", paramLabel = "TOKEN",
            description = "With an intervention: the token whose probability is compared (default: the clean run's "
                    + "most likely).")
    String track;

    @Override
    protected int execute() throws Exception {
        if (top < 1 || top > MAX_TOP) {
            throw new UsageException("--top must be between 1 and " + MAX_TOP + ", not " + top);
        }
        String text = prompt.read(terminal());
        try (EngineModel em = EngineModel.open(model);
             Session session = Session.open(em.model, context.requested(), threads.threads(), cacheTypes.types());
             Renderer out = renderer(false)) {
            int[] promptTokens = em.promptTokens(text);
            if (promptTokens.length == 0) {
                throw new LlmxException("the prompt is empty and the model adds no BOS token; give some text");
            }
            int[] continuationTokens = continuation != null ? em.continuationTokens(text, promptTokens, continuation) : new int[0];
            // The usage checks first: the edits' --from and steering prompts are forward passes.
            interventions.check();
            int tracked = track == null ? -1 : TrackedToken.id(em, track);
            boolean intervening = interventions.any();
            if (!intervening && track != null) {
                throw new UsageException("--track compares a token's probability with and without an intervention; "
                        + "add --ablate, --patch or --steer");
            }
            if (intervening && (allPositions || dump != null || continuation != null)) {
                throw new UsageException("an intervention compares the last position with the clean run; drop "
                        + "--all-positions, --continuation and --dump");
            }
            InterventionProbe edits = interventions.probe(em, session);
            try (ProbeRecorder recorder = probes.recorder(em.model.layerCount())) {
                if (recorder != null) {
                    recorder.promptLength(promptTokens.length + continuationTokens.length);
                }
                if (edits != null) {
                    float[] clean = session.prefill(promptTokens, null).clone();
                    session.cache().clear();
                    float[] edited = session.prefill(promptTokens, ProbeChain.of(edits, recorder)).clone();
                    Map<String, Object> exported = finish(recorder, em, promptTokens);
                    out.emit(new InterventionReport(promptTokens, edits.edits(), clean, edited, top, tracked,
                            em::bytesOf, exported));
                } else {
                    LogitsReport report = run(em, session, promptTokens, continuationTokens, recorder);
                    Map<String, Object> exported = finish(recorder, em, promptTokens);
                    if (OutputFile.isStandardOutput(dump)) {
                        // Standard output carries the logits alone; the report would corrupt them.
                        terminal().info("llmx logits: wrote " + report.dump().positions() + " × "
                                + report.dump().vocab() + " little-endian float32 logits to standard output");
                    } else {
                        out.emit(report.withProbeOut(exported));
                    }
                }
            }
        }
        return 0;
    }

    private Map<String, Object> finish(ProbeRecorder recorder, EngineModel em, int[] promptTokens)
            throws IOException {
        if (recorder == null) {
            return null;
        }
        ProbeExport export = ProbeOptions.finish(recorder, model, promptTokens, null);
        terminal().info("llmx logits: " + export.line());
        return export.toJson();
    }

    private LogitsReport run(EngineModel em, Session session, int[] promptTokens, int[] continuationTokens,
                             Probe probe) throws IOException {
        int last = promptTokens.length - 1;
        if (!allPositions && dump == null && continuationTokens.length == 0) {
            float[] logits = session.prefill(promptTokens, probe);
            return new LogitsReport(promptTokens, List.of(LogitsReport.row(last, promptTokens[last], logits, top,
                    em::bytesOf)), null, null);
        }
        int[] all = Arrays.copyOf(promptTokens, promptTokens.length + continuationTokens.length);
        System.arraycopy(continuationTokens, 0, all, promptTokens.length, continuationTokens.length);
        List<LogitsReport.PositionRow> rows = new ArrayList<>();
        List<LogitsReport.ScoredToken> scored = new ArrayList<>();
        Session.LogitsSink collect = (position, logits) -> {
            if (position == last || (allPositions && position < last)) {
                rows.add(LogitsReport.row(position, all[position], logits, top, em::bytesOf));
            }
            if (position >= last && position + 1 < all.length) {
                int next = all[position + 1];
                Distribution d = Distribution.of(logits);
                scored.add(new LogitsReport.ScoredToken(position + 1, next, em.bytesOf(next), d.logProb(next),
                        d.rank(next)));
            }
        };
        LogitsReport.Dump dumped = null;
        if (dump != null) {
            int vocab = session.model().vocabSize();
            OutputFile.write(dump, terminal(), channel -> {
                ByteBuffer row = ByteBuffer.allocate(4 * vocab).order(ByteOrder.LITTLE_ENDIAN);
                session.prefillAll(all, probe, (position, logits) -> {
                    collect.accept(position, logits);
                    write(channel, row, logits);
                });
            });
            dumped = new LogitsReport.Dump(dump, all.length, vocab);
        } else {
            session.prefillAll(all, probe, collect);
        }
        return new LogitsReport(promptTokens, rows, continuationTokens.length > 0 ? scored : null, dumped);
    }

    private static void write(WritableByteChannel channel, ByteBuffer row, float[] logits) {
        row.clear();
        row.asFloatBuffer().put(logits);
        row.limit(4 * logits.length);
        try {
            while (row.hasRemaining()) {
                channel.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
