package dev.llmx.cli;

import dev.llmx.LlmxException;
import dev.llmx.UsageException;
import dev.llmx.cli.generate.GenerateReport;
import dev.llmx.cli.generate.Interruption;
import dev.llmx.cli.generate.TextStream;
import dev.llmx.engine.Generator;
import dev.llmx.intervene.Edit;
import dev.llmx.intervene.InterventionProbe;
import dev.llmx.probe.ProbeChain;
import dev.llmx.probe.ProbeRecorder;
import dev.llmx.engine.Session;
import dev.llmx.render.Format;
import dev.llmx.render.OutputClosedException;
import dev.llmx.render.Renderer;
import dev.llmx.render.Style;
import dev.llmx.sampling.Sampler;
import dev.llmx.sampling.SamplerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.llmx.chat.AssistantReply;
import dev.llmx.chat.Conversation;
import dev.llmx.cli.chat.ChatTurns;
import dev.llmx.cli.chat.ConversationInput;

import java.io.IOException;
import java.nio.file.Path;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** {@code llmx generate}: text from the model, streamed as it is sampled. */
@Command(name = "generate",
        description = {
            "Generate text: run the prompt, then sample one token at a time.",
            "",
            "The prompt is run as one batch (prefill), then each new token is sampled from the logits and",
            "run through the model with the KV cache (decode), until an end-of-generation token or -n tokens.",
            "The table format streams the text as it comes; timings (prefill and decode tokens per second)",
            "go to standard error (not with --quiet). --temp 0 is greedy decoding. Ctrl-C stops and still",
            "prints what was generated. --probe GLOB --probe-out FILE records probes of the prompt and of",
            "every generated token to safetensors (docs/probes.md); --ablate/--patch/--steer edit every",
            "forward pass (docs/interventions.md). JSON: see docs/generate.md."
        },
        footer = {
            "",
            "Examples:",
            "  llmx generate \"Once upon a time\" --temp 0 -n 64",
            "  llmx generate --temp 0 --stop . \"Once upon a time\"",
            "  llmx generate --format json -n 20 --probe 'blk.*.l_out' --probe-out run.safetensors \"Lily and Ben\"",
            "  llmx generate --temp 0 -n 40 --steer blk.3.l_out --vector '\"He was a boy\"-\"She was a girl\"' \"Once upon a time\""
        })
public final class GenerateCommand extends LlmxSubcommand {
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

    @Option(names = {"-n", "--n-predict"}, paramLabel = "N", defaultValue = "128",
            description = "Tokens to generate at most; -1: until the end of generation or the context is full, as in "
                    + "llama.cpp (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Mixin
    ProbeOptions probes;

    @Mixin
    InterventionOptions interventions;

    @Mixin
    LlamaCppHabits llamaCpp;

    @Mixin
    StopOptions stop;

    @Option(names = "--chat", paramLabel = "CONV",
            description = "Continue the conversation CONV once (a JSON request {\"messages\": [...]} or a messages "
                    + "array; '-' is standard input): render it with the chat template, generate the assistant's "
                    + "reply. JSON adds \"message\": the reply as reasoning, content and tool calls.")
    Path chat;

    @Mixin
    ChatTemplateOption chatTemplate;

    @Override
    protected int execute() throws Exception {
        if (maxTokens < 1 && maxTokens != -1) {
            throw new UsageException("-n must be at least 1 (the number of tokens to generate) or -1 (until the end "
                    + "of generation or the context is full), not " + maxTokens);
        }
        llamaCpp.apply(terminal(), "generate");
        SamplerSettings settings = sampling.settings();
        if (chat != null && prompt.given()) {
            throw new UsageException("give either a prompt or --chat CONV, not both");
        }
        if (chat == null && chatTemplate.file != null) {
            throw new UsageException("--chat-template needs --chat CONV");
        }
        Conversation conversation = chat != null ? ConversationInput.read(chat, terminal()) : null;
        String text = chat != null ? null : prompt.read(terminal());
        try (EngineModel em = EngineModel.open(model);
             Session session = Session.open(em.model, context.requested(), threads.threads(), cacheTypes.types());
             Renderer out = renderer(false);
             ProbeRecorder recorder = probes.recorder(em.model.layerCount())) {
            int[] promptTokens;
            boolean openedThinking = false;
            if (conversation != null) {
                ChatTemplateOption.Loaded loaded = chatTemplate.load(em.source, em.tokenizer,
                        conversation.tools() != null);
                if (conversation.addGenerationPrompt() == null) {
                    conversation = conversation.withAddGenerationPrompt(true);
                }
                text = loaded.renderer().text(conversation);
                openedThinking = ChatTurns.opensThinking(text);
                // The template wrote any BOS itself: nothing is added (as apply_chat_template(tokenize=True)).
                promptTokens = em.tokenizer.encode(text, true, false).ids();
            } else {
                promptTokens = em.promptTokens(text);
            }
            if (promptTokens.length == 0) {
                throw new LlmxException("the prompt is empty and the model adds no BOS token; give some text");
            }
            InterventionProbe edits = interventions.probe(em, session);
            // -n -1 runs until an end-of-generation token or a full context; any -n stops there too (context_full).
            int tokens = maxTokens == -1 ? Integer.MAX_VALUE : maxTokens;
            // Refused before the prompt is echoed: a rejected request prints nothing on standard output.
            session.requireRoom(promptTokens.length);
            boolean streaming = format() == Format.TABLE;
            OutputStream stdout = terminal().out();
            if (streaming) {
                write(stdout, new Style(terminal().colorOnStdout()).dim(text));
            }
            TextStream stream = new TextStream(em.tokenizer, promptTokens,
                    streaming ? s -> write(stdout, s) : null, stop.stops(), conversation != null);
            Generator.Result result;
            try (Interruption interruption = Interruption.install()) {
                if (recorder != null) {
                    recorder.promptLength(promptTokens.length);
                }
                result = Generator.generate(session, new Sampler(settings),
                        stop.stopping(em.tokenizer, em.model.embeddingRows(), stream), promptTokens, tokens,
                        interruption::requested, stream::push, ProbeChain.of(edits, recorder));
                stream.finish();
                GenerateReport report = new GenerateReport(result, stream.text(), settings.seed(), session.threads(),
                        em.model.kernels().description())
                        .stoppedBy(result.stopToken() >= 0 ? ChatTurns.piece(em.tokenizer, result.stopToken()) : null,
                                stream.stopString());
                if (conversation != null) {
                    report.message(ChatTurns.assistantMessage(AssistantReply.parse(stream.text(), openedThinking)));
                }
                if (recorder != null) {
                    report.probeOut(ProbeOptions.finish(recorder, model, promptTokens, result.tokens()).toJson());
                }
                if (edits != null) {
                    report.edits(edits.edits().stream().map(Edit::toJson).toList());
                }
                if (streaming) {
                    if (!(text + stream.text()).endsWith("\n")) {
                        write(stdout, "\n");
                    }
                    out.flush();
                } else {
                    out.emit(report);
                    out.flush();
                }
                terminal().info("llmx generate: " + report.timingLine());
                if (recorder != null) {
                    terminal().info("llmx generate: wrote " + recorder.entries().size() + " probe tensors to "
                            + probes.out + ", index " + ProbeRecorder.indexPath(probes.out));
                }
            }
        }
        return 0;
    }

    private static void write(OutputStream out, String s) {
        try {
            out.write(s.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new OutputClosedException();
        }
    }
}
