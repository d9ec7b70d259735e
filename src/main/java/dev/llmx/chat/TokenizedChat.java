package dev.llmx.chat;

import dev.llmx.tokenize.Encoded;
import dev.llmx.tokenize.Tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rendered conversation as the model sees it: the tokens of the text (special-token text parsed as the special
 * tokens, nothing added — the template wrote any BOS itself, as {@code apply_chat_template(tokenize=True)} does),
 * and for every token the message it came from, its role, and whether it lies inside an assistant's reasoning
 * ({@code <think>…</think>}, or gpt-oss's analysis channel).
 *
 * @param message index of the message each token came from (-1: template text before the first message;
 *                {@code messages.size()}: the generation prompt)
 * @param role    the role of that message (or {@link ChatRenderer#TEMPLATE_ROLE}, {@link ChatRenderer#GENERATION_ROLE})
 * @param thinking whether each token lies in reasoning text
 */
public record TokenizedChat(ChatRenderer.Rendered rendered, Encoded encoded, int[] message, String[] role,
                            boolean[] thinking) {
    private static final Pattern THINK = Pattern.compile("<think>.*?(</think>|$)", Pattern.DOTALL);
    private static final Pattern ANALYSIS = Pattern.compile("<\\|channel\\|>analysis<\\|message\\|>.*?(<\\|end\\|>|$)",
            Pattern.DOTALL);

    public static TokenizedChat of(ChatRenderer.Rendered rendered, Tokenizer tokenizer) {
        String text = rendered.text();
        Encoded encoded = tokenizer.encode(text, true, false);
        int n = encoded.size();
        // Char offsets of the segments → byte offsets, as token spans are in UTF-8 bytes.
        int[] charToByte = charToByte(text);
        int[] message = new int[n];
        String[] role = new String[n];
        boolean[] thinking = new boolean[n];
        boolean[] thinkingByte = thinkingBytes(text, charToByte);
        List<ChatRenderer.Segment> segments = rendered.segments();
        for (int t = 0; t < n; t++) {
            int start = encoded.byteStarts()[t];
            int end = encoded.byteEnds()[t];
            int at = end > start ? start : Math.max(0, start - 1);
            ChatRenderer.Segment owner = segments.isEmpty() ? null : segments.get(segments.size() - 1);
            for (ChatRenderer.Segment s : segments) {
                if (at < charToByte[s.end()]) {
                    owner = s;
                    break;
                }
            }
            message[t] = owner == null ? -1 : owner.message();
            role[t] = owner == null ? ChatRenderer.TEMPLATE_ROLE : owner.role();
            thinking[t] = at < thinkingByte.length && thinkingByte[at]
                    && ("assistant".equals(role[t]) || ChatRenderer.GENERATION_ROLE.equals(role[t]));
        }
        return new TokenizedChat(rendered, encoded, message, role, thinking);
    }

    private static int[] charToByte(String text) {
        int[] map = new int[text.length() + 1];
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int chars = Character.charCount(cp);
            for (int k = 0; k < chars; k++) {
                map[i + k] = bytes;
            }
            bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            i += chars;
        }
        map[text.length()] = bytes;
        return map;
    }

    private static boolean[] thinkingBytes(String text, int[] charToByte) {
        boolean[] marks = new boolean[text.getBytes(StandardCharsets.UTF_8).length];
        for (Pattern p : List.of(THINK, ANALYSIS)) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                for (int b = charToByte[m.start()]; b < charToByte[m.end()]; b++) {
                    marks[b] = true;
                }
            }
        }
        return marks;
    }

    public int[] ids() {
        return encoded.ids();
    }
}
