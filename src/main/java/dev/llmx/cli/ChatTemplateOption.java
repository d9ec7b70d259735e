package dev.llmx.cli;

import dev.llmx.LlmxException;
import dev.llmx.chat.ChatRenderer;
import dev.llmx.chat.Strftime;
import dev.llmx.chat.TemplateSources;
import dev.llmx.model.ModelSource;
import dev.llmx.tokenize.Tokenizer;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --chat-template FILE}: the Jinja chat template to use instead of the model's own. */
public final class ChatTemplateOption {
    @Option(names = "--chat-template", paramLabel = "FILE",
            description = "Jinja chat template to use instead of the model's (a .jinja file, or a JSON file with "
                    + "\"chat_template\", such as a Hugging Face tokenizer_config.json).")
    Path file;

    /**
     * The renderer for {@code model}'s conversations: this option's template, else the model's own
     * ({@code toolUse}: its tool_use variant when it has one). No template is a one-line error saying how to give one.
     */
    public Loaded load(ModelSource model, Tokenizer tokenizer, boolean toolUse) {
        TemplateSources.Found found = file != null ? TemplateSources.fromFile(file)
                : TemplateSources.fromModel(model, toolUse).orElseThrow(() -> new LlmxException(
                        model.path().getFileName() + " has no chat template (no tokenizer.chat_template); give one "
                                + "with --chat-template FILE (a .jinja file, e.g. from the model's "
                                + "tokenizer_config.json on Hugging Face)"));
        ChatRenderer renderer = new ChatRenderer(found.template(), TemplateSources.bosText(tokenizer),
                TemplateSources.eosText(tokenizer), Strftime.now());
        return new Loaded(renderer, found.origin());
    }

    /** A loaded template and where it came from. */
    public record Loaded(ChatRenderer renderer, String origin) {
    }
}
