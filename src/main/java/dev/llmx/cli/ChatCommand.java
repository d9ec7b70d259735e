package dev.llmx.cli;

import dev.llmx.LlmxException;
import dev.llmx.UsageException;
import dev.llmx.chat.Conversation;
import dev.llmx.chat.ToolCall;
import dev.llmx.chat.TokenizedChat;
import dev.llmx.cli.chat.ChatLoop;
import dev.llmx.cli.chat.ChatTokensReport;
import dev.llmx.cli.chat.ConversationInput;
import dev.llmx.cli.chat.ReplyPrinter;
import dev.llmx.cli.chat.TurnReport;
import dev.llmx.cli.generate.Interruption;
import dev.llmx.engine.Session;
import dev.llmx.render.Format;
import dev.llmx.render.OutputClosedException;
import dev.llmx.render.Renderer;
import dev.llmx.render.Style;
import dev.llmx.render.Visible;
import dev.llmx.sampling.Sampler;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** {@code llmx chat}: a conversation with the model, turn by turn, showing what each turn costs and reuses. */
@Command(name = "chat",
        description = {
            "Chat with the model: each turn renders the conversation with its chat template and replies.",
            "",
            "Each turn the whole conversation is rendered with the chat template (the model's, or",
            "--chat-template) and tokenized; the KV cache still holds the previous turn, so only the tokens",
            "after the common prefix are run, and the turn says how many were reused. The reply streams with",
            "reasoning shown apart, stops at an end-of-generation token (named) or a --stop string, and tool",
            "calls in it are shown as JSON, never run. A full context drops the oldest turns (not the",
            "system message). On a terminal: a line editor, /template, /tokens, /reset, /help; otherwise each",
            "line of standard input is a user message. --format jsonl writes the transcript (docs/chat.md)."
        },
        footer = {
            "",
            "Examples:",
            "  printf 'Hi\\nTell me a story\\n' | llmx chat --chat-template examples/chatml.jinja -n 24",
            "  llmx chat --messages examples/conversation.json --chat-template examples/chatml.jinja -n 16",
            "  printf 'Hi\\n' | llmx chat --chat-template examples/chatml.jinja --format jsonl -n 8"
        })
public final class ChatCommand extends LlmxSubcommand {
    @Mixin
    ModelOption model;

    @Mixin
    ThreadsOption threads;

    @Mixin
    KvCacheOptions cacheTypes;

    @Mixin
    ContextOption context;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    StopOptions stop;

    @Mixin
    ChatTemplateOption chatTemplate;

    @Option(names = {"-n", "--n-predict"}, paramLabel = "N", defaultValue = "512",
            description = "Tokens per reply at most (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--system", paramLabel = "TEXT", description = "The system message (replaces one in --messages).")
    String system;

    @Option(names = "--messages", paramLabel = "CONV",
            description = "Continue the conversation CONV (JSON request or messages array); when its last message "
                    + "is the user's, the model replies to it first.")
    Path messages;

    @Option(names = "--think", negatable = true,
            description = "Ask for reasoning or not (the template's enable_thinking; default: the template's).")
    Boolean think;

    @Override
    protected int execute() throws Exception {
        if (maxTokens < 1) {
            throw new UsageException("-n must be at least 1 (tokens per reply), not " + maxTokens);
        }
        // Inside the REPL the REPL owns the input: chat replies to --messages once and returns.
        boolean inRepl = ((LlmxCommand) spec.root().userObject()).keeper().isPresent();
        if (inRepl && messages == null) {
            throw new UsageException("inside the REPL, chat replies to --messages CONV once (the REPL reads the "
                    + "lines); run 'llmx chat' outside the REPL for a conversation");
        }
        Conversation start = messages != null ? ConversationInput.read(messages, terminal())
                : new Conversation(List.of(), null, null, Map.of());
        start = withSystem(start);
        if (think != null) {
            start = start.withKwargs(Map.of("enable_thinking", think));
        }
        try (EngineModel em = EngineModel.open(model);
             Session session = Session.open(em.model, context.requested(), threads.threads(), cacheTypes.types());
             Renderer out = renderer(true)) {
            ChatTemplateOption.Loaded loaded = chatTemplate.load(em.source, em.tokenizer, start.tools() != null);
            ChatLoop loop = new ChatLoop(session, em.tokenizer, loaded.renderer(), new Sampler(sampling.settings()),
                    maxTokens, stop.stops(), stream -> stop.stopping(em.tokenizer, em.model.embeddingRows(), stream),
                    start);
            Turns turns = new Turns(loop, out, loaded.origin(), em);
            int size = start.messages().size();
            if (size > 0 && "user".equals(start.role(size - 1))) {
                turns.replyToLast();
            }
            if (inRepl) {
                return 0;
            }
            if (terminal().stdinIsTerminal()) {
                return interactive(turns);
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(terminal().in(), StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !turns.leaving; line = in.readLine()) {
                turns.line(line, null);
            }
        }
        return 0;
    }

    private Conversation withSystem(Conversation c) {
        if (system == null) {
            return c;
        }
        List<Map<Object, Object>> list = new ArrayList<>();
        list.add(Conversation.message("system", system));
        for (Map<Object, Object> m : c.messages()) {
            if (!"system".equals(m.get("role"))) {
                list.add(m);
            }
        }
        return c.withMessages(list);
    }

    private int interactive(Turns turns) throws IOException {
        terminal().info("llmx chat: template from " + turns.origin + "; /help for commands, Ctrl-D to leave");
        try (org.jline.terminal.Terminal lineTerminal = TerminalBuilder.builder()
                .name("llmx").system(true).nativeSignals(true).dumb(true).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(lineTerminal).appName("llmx-chat")
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true).build();
            boolean[] interrupted = {false};
            lineTerminal.handle(org.jline.terminal.Terminal.Signal.INT, s -> interrupted[0] = true);
            while (!turns.leaving) {
                String line;
                try {
                    line = reader.readLine("you> ");
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                interrupted[0] = false;
                try {
                    turns.line(line, () -> interrupted[0]);
                } catch (LlmxException e) {
                    terminal().err().println("llmx chat: " + e.getMessage());
                    terminal().err().flush();
                }
            }
        }
        return 0;
    }

    /** Runs lines (messages and /commands) and shows each turn. */
    private final class Turns {
        final ChatLoop loop;
        final Renderer out;
        final String origin;
        final EngineModel em;
        boolean leaving;

        Turns(ChatLoop loop, Renderer out, String origin, EngineModel em) {
            this.loop = loop;
            this.out = out;
            this.origin = origin;
            this.em = em;
        }

        void line(String line, BooleanSupplier interrupted) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                return;
            }
            switch (trimmed) {
                case "/quit", "/exit" -> leaving = true;
                case "/reset" -> {
                    loop.reset();
                    terminal().info("llmx chat: conversation and KV cache cleared (the system message is kept)");
                }
                case "/template" -> print("template from " + origin + ":\n" + loop.renderer().template().source()
                        + (loop.renderer().template().source().endsWith("\n") ? "" : "\n"));
                case "/tokens" -> showTokens();
                case "/help" -> print("/template  the chat template\n/tokens    the conversation as the model sees "
                        + "it, token by token\n/reset     start over (keeps the system message)\n/quit      leave\n");
                default -> {
                    if (trimmed.startsWith("/") && !trimmed.contains(" ") && trimmed.length() < 20) {
                        throw new LlmxException("unknown command " + trimmed + "; /help lists them");
                    }
                    say(line, interrupted);
                }
            }
        }

        void replyToLast() {
            List<Map<Object, Object>> m = loop.conversation().messages();
            String user = String.valueOf(m.get(m.size() - 1).get("content"));
            run(user, null, true);
        }

        private void say(String text, BooleanSupplier interrupted) {
            run(text, interrupted, false);
        }

        private void run(String user, BooleanSupplier interrupted, boolean replyOnly) {
            boolean streaming = format() == Format.TABLE;
            Style style = new Style(terminal().colorOnStdout());
            ReplyPrinter[] printer = new ReplyPrinter[1];
            Interruption interruption = interrupted == null ? Interruption.install() : null;
            BooleanSupplier stopRequested = interrupted != null ? interrupted : interruption::requested;
            ChatLoop.Turn turn;
            try {
                java.util.function.Consumer<ChatLoop.Prepared> before = p -> {
                    if (!p.dropped().isEmpty()) {
                        terminal().info("llmx chat: the context is full; dropped the oldest " + describe(p.dropped()));
                    }
                    terminal().info(String.format("llmx chat: turn %d: %d tokens of the %d-token context (%.0f%%); "
                                    + "reused %d from the KV cache, prefilling %d", p.number(), p.promptTokens(),
                            p.contextLength(), 100.0 * p.promptTokens() / p.contextLength(), p.reusedTokens(),
                            p.prefilledTokens()));
                    printer[0] = new ReplyPrinter(s -> write(s), style, p.opensThinking());
                };
                java.util.function.Consumer<String> stream = s -> {
                    if (streaming) {
                        printer[0].accept(s);
                    }
                };
                turn = replyOnly ? loop.reply(before, stream, stopRequested)
                        : loop.say(user, before, stream, stopRequested);
                if (streaming) {
                    printer[0].finish();
                    write("\n");
                    for (ToolCall call : turn.reply().toolCalls()) {
                        write(style.bold("tool call: ") + call.name() + " " + call.arguments()
                                + style.dim("  (" + call.format() + "; shown, not run)") + "\n");
                    }
                } else {
                    out.emit(new TurnReport(turn, user));
                    out.flush();
                }
            } finally {
                if (interruption != null) {
                    interruption.close();
                }
            }
            String stopped = turn.result().stopReason().jsonName()
                    + (turn.stopTokenPiece() != null ? " " + Visible.text(turn.stopTokenPiece()) : "")
                    + (turn.stopString() != null ? " \"" + Visible.text(turn.stopString()) + "\"" : "");
            terminal().info(String.format("llmx chat: %d tokens, stopped: %s; %.1f tokens/s",
                    turn.result().tokens().length, stopped, turn.timings().decodeTokensPerSecond()));
        }

        private void showTokens() {
            var rendered = loop.renderer().render(loop.conversation().withAddGenerationPrompt(true));
            Renderer text = new Renderer(terminal(), Format.TABLE, false);
            text.emit(new ChatTokensReport(TokenizedChat.of(rendered, em.tokenizer), em.tokenizer, origin));
            text.flush();
        }

        private void print(String s) {
            write(s);
        }

        private void write(String s) {
            OutputStream o = terminal().out();
            try {
                o.write(s.getBytes(StandardCharsets.UTF_8));
                o.flush();
            } catch (IOException e) {
                throw new OutputClosedException();
            }
        }
    }

    private static String describe(List<Map<Object, Object>> dropped) {
        List<String> parts = new ArrayList<>();
        for (Map<Object, Object> m : dropped) {
            String content = String.valueOf(m.get("content"));
            parts.add(m.get("role") + " \"" + Visible.text(content.length() > 30 ? content.substring(0, 30) + "…"
                    : content) + "\"");
        }
        return (dropped.size() == 1 ? "message: " : dropped.size() + " messages: ") + String.join(", ", parts);
    }
}
