package dev.llmx.cli.chat;

import dev.llmx.LlmxException;
import dev.llmx.chat.AssistantReply;
import dev.llmx.chat.ChatRenderer;
import dev.llmx.chat.Conversation;
import dev.llmx.cli.generate.TextStream;
import dev.llmx.engine.Generator;
import dev.llmx.engine.Session;
import dev.llmx.engine.Timings;
import dev.llmx.sampling.Sampler;
import dev.llmx.tokenize.Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A multi-turn conversation with a model, and the honest answer to "how does it remember": it does not. Each turn
 * the whole conversation is rendered with the chat template and tokenized again; the KV cache still holds the
 * tokens of the previous turn, so only the part after the longest common prefix is run (prefill), the rest is
 * reused. When the conversation no longer fits the context, the oldest turns are dropped (the system message is
 * kept) and the turn says which.
 */
public final class ChatLoop {
    /** What one turn did. */
    public record Turn(int number, int promptTokens, int contextLength, int reusedTokens, int prefilledTokens,
                       List<Map<Object, Object>> dropped, String rawReply, AssistantReply reply,
                       Generator.Result result, String stopTokenPiece, String stopString) {
        public Timings timings() {
            return result.timings();
        }
    }

    /** What a turn is about to run, reported before the reply streams. */
    public record Prepared(int number, int promptTokens, int contextLength, int reusedTokens, int prefilledTokens,
                           List<Map<Object, Object>> dropped, boolean opensThinking) {
    }

    private final Session session;
    private final Tokenizer tokenizer;
    private final ChatRenderer renderer;
    private final Sampler sampler;
    private final int maxTokens;
    /** Builds the stopping rules for one reply from its text stream (stop strings need the text). */
    private final Function<TextStream, Generator.Stopping> stopping;
    private final List<String> stops;
    private Conversation conversation;
    /** The tokens the KV cache holds, position by position. */
    private int[] cached = new int[0];
    private int turns;

    public ChatLoop(Session session, Tokenizer tokenizer, ChatRenderer renderer, Sampler sampler, int maxTokens,
                    List<String> stops, Function<TextStream, Generator.Stopping> stopping, Conversation start) {
        this.session = session;
        this.tokenizer = tokenizer;
        this.renderer = renderer;
        this.sampler = sampler;
        this.maxTokens = maxTokens;
        this.stops = stops;
        this.stopping = stopping;
        this.conversation = start;
    }

    public Conversation conversation() {
        return conversation;
    }

    public ChatRenderer renderer() {
        return renderer;
    }

    /** Forgets every message but the system message(s), and the cache. */
    public void reset() {
        List<Map<Object, Object>> kept = new ArrayList<>();
        for (Map<Object, Object> m : conversation.messages()) {
            if ("system".equals(m.get("role"))) {
                kept.add(m);
            }
        }
        conversation = conversation.withMessages(kept);
        cached = new int[0];
        session.rewind(0);
        turns = 0;
    }

    /** Adds a user message and generates the reply. */
    public Turn say(String userText, Consumer<Prepared> before, Consumer<String> stream, BooleanSupplier interrupted) {
        List<Map<Object, Object>> messages = new ArrayList<>(conversation.messages());
        messages.add(Conversation.message("user", userText));
        conversation = conversation.withMessages(messages);
        return reply(before, stream, interrupted);
    }

    /** Generates the assistant's reply to the conversation as it stands (its last message is the user's). */
    public Turn reply(Consumer<Prepared> before, Consumer<String> stream, BooleanSupplier interrupted) {
        List<Map<Object, Object>> dropped = new ArrayList<>();
        Prompt prompt = fit(dropped);
        int[] tokens = prompt.tokens();
        boolean opensThinking = ChatTurns.opensThinking(prompt.text());
        int reuse = commonPrefix(cached, tokens);
        if (reuse == tokens.length) {
            reuse--; // at least one token is run, for the logits of the next one
        }
        session.rewind(reuse);
        int[] suffix = Arrays.copyOfRange(tokens, reuse, tokens.length);
        before.accept(new Prepared(turns + 1, tokens.length, session.contextLength(), reuse, suffix.length, dropped,
                opensThinking));
        TextStream textStream = new TextStream(tokenizer, tokens, stream, stops, true);
        Generator.Result result = Generator.generate(session, sampler, stopping.apply(textStream), suffix, maxTokens,
                interrupted, textStream::push);
        textStream.finish();
        int kept = session.position();
        int[] now = Arrays.copyOf(tokens, tokens.length + result.tokens().length);
        System.arraycopy(result.tokens(), 0, now, tokens.length, result.tokens().length);
        cached = Arrays.copyOf(now, Math.min(kept, now.length));

        AssistantReply reply = AssistantReply.parse(textStream.text(), opensThinking);
        List<Map<Object, Object>> messages = new ArrayList<>(conversation.messages());
        messages.add(ChatTurns.assistantMessageValue(reply));
        conversation = conversation.withMessages(messages);
        String stopPiece = result.stopToken() >= 0 ? ChatTurns.piece(tokenizer, result.stopToken()) : null;
        return new Turn(++turns, tokens.length, session.contextLength(), reuse, suffix.length, dropped,
                textStream.text(), reply, result, stopPiece, textStream.stopString());
    }

    /** A rendered conversation (with the generation prompt) and its tokens. */
    private record Prompt(String text, int[] tokens) {
    }

    /** The prompt, after dropping the oldest turns until it fits with room for a reply (rendered once per try). */
    private Prompt fit(List<Map<Object, Object>> dropped) {
        int reserve = Math.max(1, Math.min(maxTokens, session.contextLength() / 4));
        while (true) {
            Prompt prompt = prompt(conversation);
            int[] tokens = prompt.tokens();
            if (tokens.length + reserve <= session.contextLength()) {
                return prompt;
            }
            List<Map<Object, Object>> messages = new ArrayList<>(conversation.messages());
            int first = 0;
            while (first < messages.size() && "system".equals(messages.get(first).get("role"))) {
                first++;
            }
            // Drop the oldest turn: a user message and everything up to the next user message; never the last one.
            int next = first + 1;
            while (next < messages.size() && !"user".equals(messages.get(next).get("role"))) {
                next++;
            }
            if (first >= messages.size() - 1 || next >= messages.size()) {
                throw new LlmxException("the conversation takes " + tokens.length + " tokens with nothing left to "
                        + "drop, and a reply needs " + reserve + " more: more than the context of "
                        + session.contextLength() + "; shorten the last message or raise -c");
            }
            dropped.addAll(messages.subList(first, next));
            messages.subList(first, next).clear();
            conversation = conversation.withMessages(messages);
        }
    }

    /** The rendered conversation (with the generation prompt) as tokens, nothing added: the template wrote BOS. */
    public int[] tokens(Conversation c) {
        return prompt(c).tokens();
    }

    private Prompt prompt(Conversation c) {
        String text = renderer.text(c.withAddGenerationPrompt(true));
        return new Prompt(text, tokenizer.encode(text, true, false).ids());
    }

    private static int commonPrefix(int[] a, int[] b) {
        int n = Math.min(a.length, b.length);
        int i = 0;
        while (i < n && a[i] == b[i]) {
            i++;
        }
        return i;
    }
}
