package dev.llmx.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmx.LlmxException;
import dev.llmx.UsageException;
import dev.llmx.chat.template.ChatTemplate;
import dev.llmx.model.ModelSource;
import dev.llmx.safetensors.HfFolder;
import dev.llmx.tokenize.Tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a chat template comes from: {@code --chat-template FILE}, else the model — a GGUF's
 * {@code tokenizer.chat_template} (or {@code tokenizer.chat_template.NAME}), a Hugging Face folder's
 * {@code chat_template} in tokenizer_config.json (a string, or a list of {@code {name, template}} with
 * {@code default} and {@code tool_use}) or its chat_template.jinja / chat_template.json. With tools in the request
 * the {@code tool_use} template is preferred, as transformers does.
 */
public final class TemplateSources {
    /** Templates longer than this are refused (real ones are under 64 KiB). */
    private static final long MAX_TEMPLATE_BYTES = 4 << 20;

    /** A template and where it came from (for messages and {@code /template}). */
    public record Found(ChatTemplate template, String origin) {
    }

    private TemplateSources() {
    }

    /** Reads {@code file}: a template, or a JSON file whose {@code chat_template} holds one. */
    public static Found fromFile(Path file) {
        String text;
        try {
            if (Files.size(file) > MAX_TEMPLATE_BYTES) {
                throw new LlmxException(file + " is larger than " + (MAX_TEMPLATE_BYTES >> 20)
                        + " MiB; a chat template is a small Jinja text");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException("--chat-template: no such file: " + file);
        } catch (IOException e) {
            throw new LlmxException("cannot read the chat template " + file + ": " + e.getMessage());
        }
        if (file.getFileName().toString().endsWith(".json")) {
            JsonNode json = HfFolder.readJsonObject(file);
            return new Found(ChatTemplate.parse(fromConfig(json.get("chat_template"), null)
                    .orElseThrow(() -> new LlmxException(file + " has no \"chat_template\""))), file.toString());
        }
        return new Found(ChatTemplate.parse(text), file.toString());
    }

    /** The model's own template ({@code toolUse}: prefer the tool_use variant), if it has one. */
    public static Optional<Found> fromModel(ModelSource model, boolean toolUse) {
        if (model.ggufFile().isPresent()) {
            var metadata = model.ggufFile().get().metadata();
            if (toolUse) {
                Optional<String> named = metadata.getString("tokenizer.chat_template.tool_use");
                if (named.isPresent()) {
                    return Optional.of(new Found(ChatTemplate.parse(named.get()),
                            "the model's tokenizer.chat_template.tool_use"));
                }
            }
            return metadata.getString("tokenizer.chat_template")
                    .map(t -> new Found(ChatTemplate.parse(t), "the model's tokenizer.chat_template"));
        }
        if (model.hfFolder().isPresent()) {
            HfFolder folder = model.hfFolder().get();
            Optional<String> inConfig = folder.tokenizerConfig()
                    .flatMap(c -> fromConfig(c.get("chat_template"), toolUse ? "tool_use" : null));
            if (inConfig.isPresent()) {
                return Optional.of(new Found(ChatTemplate.parse(inConfig.get()),
                        "the model's tokenizer_config.json"));
            }
            Optional<Path> file = folder.chatTemplateFile();
            if (file.isPresent()) {
                return Optional.of(fromFile(file.get()));
            }
        }
        return Optional.empty();
    }

    /** A {@code chat_template} value: a string, or a list of {name, template} (the named one, else "default"). */
    private static Optional<String> fromConfig(JsonNode value, String preferred) {
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isTextual()) {
            return Optional.of(value.textValue());
        }
        if (value.isArray()) {
            String fallback = null;
            for (JsonNode entry : value) {
                String name = entry.path("name").asText("");
                JsonNode template = entry.get("template");
                if (template == null || !template.isTextual()) {
                    continue;
                }
                if (preferred != null && name.equals(preferred)) {
                    return Optional.of(template.textValue());
                }
                if (name.equals("default") || fallback == null) {
                    fallback = template.textValue(); // "default" wins; else the first one
                }
            }
            return Optional.ofNullable(fallback);
        }
        throw new LlmxException("\"chat_template\" must be a string or a list of {\"name\", \"template\"}");
    }

    /** The text of the tokenizer's BOS token ("" when it has none), as transformers passes {@code bos_token}. */
    public static String bosText(Tokenizer tokenizer) {
        return tokenizer.bos().isPresent() && tokenizer.isValid(tokenizer.bos().getAsInt())
                ? new String(tokenizer.bytes(tokenizer.bos().getAsInt()), StandardCharsets.UTF_8) : "";
    }

    public static String eosText(Tokenizer tokenizer) {
        return tokenizer.eos().isPresent() && tokenizer.isValid(tokenizer.eos().getAsInt())
                ? new String(tokenizer.bytes(tokenizer.eos().getAsInt()), StandardCharsets.UTF_8) : "";
    }
}
