package dev.llmx.chat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model's reply taken apart: its reasoning (Qwen3/DeepSeek {@code <think>…</think>}, gpt-oss's analysis channel),
 * the answer, and the tool calls in it (see {@link ToolCallParser}). The raw text is kept as generated.
 *
 * @param reasoning the reasoning text, or "" when there is none
 * @param content   the answer, without reasoning, tool-call markup or channel markup
 */
public record AssistantReply(String raw, String reasoning, String content, List<ToolCall> toolCalls) {
    private static final Pattern GPT_OSS_MESSAGE = Pattern.compile(
            "(?:<\\|start\\|>assistant)?<\\|channel\\|>(\\w+)[^<]*(?:<\\|constrain\\|>[^<]*)?<\\|message\\|>(.*?)"
                    + "(?=<\\|end\\|>|<\\|return\\|>|<\\|call\\|>|<\\|start\\|>|$)(?:<\\|end\\|>|<\\|return\\|>|<\\|call\\|>)?",
            Pattern.DOTALL);

    /**
     * Takes {@code raw} apart.
     *
     * @param openedThinking whether the prompt already opened a {@code <think>} block (QwQ, DeepSeek R1 end their
     *                       generation prompt with it), so the reply starts inside the reasoning
     */
    public static AssistantReply parse(String raw, boolean openedThinking) {
        List<ToolCall> calls = ToolCallParser.parse(raw);
        if (raw.contains("<|channel|>")) {
            StringBuilder reasoning = new StringBuilder();
            StringBuilder content = new StringBuilder();
            Matcher m = GPT_OSS_MESSAGE.matcher(raw);
            while (m.find()) {
                if (m.group(1).equals("analysis")) {
                    reasoning.append(m.group(2));
                } else if (m.group(1).equals("final")) {
                    content.append(m.group(2));
                }
            }
            return new AssistantReply(raw, reasoning.toString(), content.toString(), calls);
        }
        String reasoning = "";
        String rest = raw;
        int open = raw.indexOf("<think>");
        int close = raw.indexOf("</think>");
        if (close >= 0 && (open < 0 || open > close) && openedThinking) {
            reasoning = raw.substring(0, close);
            rest = raw.substring(close + "</think>".length());
        } else if (open >= 0) {
            int end = close > open ? close : raw.length();
            reasoning = raw.substring(open + "<think>".length(), end);
            rest = raw.substring(0, open) + (close > open ? raw.substring(close + "</think>".length()) : "");
        } else if (openedThinking && close < 0) {
            reasoning = raw; // still thinking when generation stopped
            rest = "";
        }
        String content = rest;
        for (int i = calls.size() - 1; i >= 0; i--) {
            ToolCall c = calls.get(i);
            int s = content.indexOf(raw.substring(c.start(), c.end()));
            if (s >= 0) {
                content = content.substring(0, s) + content.substring(s + (c.end() - c.start()));
            }
        }
        return new AssistantReply(raw, reasoning.strip(), content.strip(), calls);
    }
}
