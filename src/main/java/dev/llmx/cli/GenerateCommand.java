package dev.llmx.cli;

import dev.llmx.LlmxException;
import dev.llmx.UsageException;
import dev.llmx.cli.generate.GenerateReport;
import dev.llmx.cli.generate.Interruption;
import dev.llmx.cli.generate.TextStream;
import dev.llmx.engine.Generator;
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
            "prints what was generated. JSON: see docs/generate.md."
        },
        footer = {
            "",
            "Examples:",
            "  llmx generate \"Once upon a time\" --temp 0 -n 64",
            "  llmx generate --temp 0.7 --top-p 0.9 --seed 42 \"The meaning of life is\"",
            "  llmx generate --format json -n 20 \"Lily and Ben\"",
            "  llmx generate --temp 0 --stop . \"Once upon a time\""
        })
public final class GenerateCommand extends LlmxSubcommand {
    @Mixin
    ModelOption model;

    @Mixin
    ThreadsOption threads;

    @Mixin
    ContextOption context;

    @Mixin
    PromptInput prompt;

    @Mixin
    SamplingOptions sampling;

    @Option(names = {"-n", "--n-predict"}, paramLabel = "N", defaultValue = "128",
            description = "Tokens to generate at most (default: ${DEFAULT-VALUE}).")
    int maxTokens;

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
        if (maxTokens < 1) {
            throw new UsageException("-n must be at least 1 (the number of tokens to generate), not " + maxTokens);
        }
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
             Session session = Session.open(em.model, context.requested(), threads.threads());
             Renderer out = renderer(false)) {
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
            boolean streaming = format() == Format.TABLE;
            OutputStream stdout = terminal().out();
            if (streaming) {
                write(stdout, new Style(terminal().colorOnStdout()).dim(text));
            }
            TextStream stream = new TextStream(em.tokenizer, promptTokens,
                    streaming ? s -> write(stdout, s) : null, stop.stops(), conversation != null);
            Generator.Result result;
            try (Interruption interruption = Interruption.install()) {
                result = Generator.generate(session, new Sampler(settings),
                        stop.stopping(em.tokenizer, em.model.embeddingRows(), stream), promptTokens, maxTokens,
                        interruption::requested, stream::push);
                stream.finish();
                GenerateReport report = new GenerateReport(result, stream.text(), settings.seed(), session.threads(),
                        em.model.kernels().description())
                        .stoppedBy(result.stopToken() >= 0 ? ChatTurns.piece(em.tokenizer, result.stopToken()) : null,
                                stream.stopString());
                if (conversation != null) {
                    report.message(ChatTurns.assistantMessage(AssistantReply.parse(stream.text(), openedThinking)));
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
