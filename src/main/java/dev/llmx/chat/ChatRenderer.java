package dev.llmx.chat;

import dev.llmx.chat.template.ChatTemplate;
import dev.llmx.chat.template.PyValues;
import dev.llmx.chat.template.TemplateException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a conversation into the prompt text the model sees, as Hugging Face's {@code apply_chat_template} does,
 * and says which part of that text came from which message.
 *
 * <p>Variables given to the template: {@code messages}, {@code tools} (only when the request has tools),
 * {@code add_generation_prompt} (false unless the request or caller says), {@code bos_token}, {@code eos_token},
 * {@code raise_exception}, {@code strftime_now} (clock: {@link Strftime#now()}), then the request's
 * {@code chat_template_kwargs}, which override all of these as in transformers.
 *
 * <p>Segments: a template may rewrite earlier messages depending on later ones (Qwen3 drops old reasoning), so the
 * text of message i is found by rendering the conversation cut after message i and taking the part it shares with
 * the full render. This is how training code masks everything but the assistant turns, and why it is honest:
 * the boundaries are where the full text really stops depending on later messages.
 */
public final class ChatRenderer {
    /** Role of the text the template writes before the first message (a default system prompt, a date line). */
    public static final String TEMPLATE_ROLE = "template";
    /** Role of the generation prompt after the last message (the opening of the reply the model writes). */
    public static final String GENERATION_ROLE = "generation_prompt";

    /**
     * One piece of the rendered text: [start, end) in chars of {@link Rendered#text()}.
     *
     * @param message index into the conversation's messages; -1 for template text before the first message,
     *                {@code messages.size()} for the generation prompt
     */
    public record Segment(int message, String role, int start, int end) {
    }

    public record Rendered(String text, List<Segment> segments) {
    }

    private final ChatTemplate template;
    private final String bosToken;
    private final String eosToken;
    private final Instant now;

    public ChatRenderer(ChatTemplate template, String bosToken, String eosToken, Instant now) {
        this.template = template;
        this.bosToken = bosToken == null ? "" : bosToken;
        this.eosToken = eosToken == null ? "" : eosToken;
        this.now = now;
    }

    public ChatTemplate template() {
        return template;
    }

    /** Renders the whole conversation (no segments). */
    public String text(Conversation conversation) {
        return template.render(variables(conversation, conversation.messages(),
                Boolean.TRUE.equals(conversation.addGenerationPrompt())));
    }

    /** Renders the conversation and attributes each character of the result to a message. */
    public Rendered render(Conversation conversation) {
        String full = text(conversation);
        List<Segment> segments = new ArrayList<>();
        int n = conversation.messages().size();
        int previous = 0;
        int prologue = sharedPrefix(full, tryRender(conversation, 0));
        if (prologue > 0 && n > 0) {
            segments.add(new Segment(-1, TEMPLATE_ROLE, 0, prologue));
            previous = prologue;
        }
        for (int i = 0; i < n; i++) {
            int end = i == n - 1 && !Boolean.TRUE.equals(conversation.addGenerationPrompt()) ? full.length()
                    : Math.max(previous, sharedPrefix(full, tryRender(conversation, i + 1)));
            if (end > previous) {
                segments.add(new Segment(i, conversation.role(i), previous, end));
                previous = end;
            }
        }
        if (previous < full.length()) {
            segments.add(n == 0 ? new Segment(-1, TEMPLATE_ROLE, previous, full.length())
                    : new Segment(n, GENERATION_ROLE, previous, full.length()));
        }
        return new Rendered(full, segments);
    }

    private String tryRender(Conversation conversation, int count) {
        try {
            return template.render(variables(conversation, conversation.messages().subList(0, count), false));
        } catch (TemplateException e) {
            return null; // a template may refuse a cut conversation (it must end with a user turn…): no boundary here
        }
    }

    private static int sharedPrefix(String a, String b) {
        if (b == null) {
            return 0;
        }
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    private Map<String, Object> variables(Conversation c, List<Map<Object, Object>> messages, boolean addGeneration) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("messages", new ArrayList<Object>(messages));
        if (c.tools() != null) {
            vars.put("tools", c.tools());
        }
        vars.put("add_generation_prompt", addGeneration);
        vars.put("bos_token", bosToken);
        vars.put("eos_token", eosToken);
        vars.put("strftime_now", ChatTemplate.function(args -> Strftime.format(now,
                args.isEmpty() ? "%Y-%m-%d" : PyValues.str(args.get(0)))));
        vars.putAll(c.kwargs());
        return vars;
    }
}
