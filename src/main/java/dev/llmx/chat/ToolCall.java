package dev.llmx.chat;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool call found in a model's reply: the function's name and its arguments (a JSON value, normally an object).
 *
 * @param format the notation it was written in ({@code hermes}, {@code llama3_json}, {@code gpt_oss},
 *               {@code mistral}, {@code functionary}, {@code granite}, {@code command_r}, {@code deepseek_r1})
 * @param start  where the call's text starts in the reply (chars)
 * @param end    where it ends
 */
public record ToolCall(String name, JsonNode arguments, String format, int start, int end) {
}
