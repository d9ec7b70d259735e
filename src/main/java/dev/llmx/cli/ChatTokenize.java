package dev.llmx.cli;

import dev.llmx.chat.ChatRenderer;
import dev.llmx.chat.Conversation;
import dev.llmx.chat.TokenizedChat;
import dev.llmx.cli.chat.ChatTokensReport;
import dev.llmx.cli.chat.ConversationInput;
import dev.llmx.model.ModelSource;
import dev.llmx.render.Renderer;
import dev.llmx.tokenize.ModelTokenizers;
import dev.llmx.tokenize.Tokenizer;

import java.nio.file.Path;

/** {@code llmx tokenize --chat CONV}: the rendered conversation's tokens by message and role. */
final class ChatTokenize {
    private ChatTokenize() {
    }

    static void run(LlmxSubcommand command, ModelOption model, ChatTemplateOption chatTemplate, Path conv) {
        Conversation conversation = ConversationInput.read(conv, command.terminal());
        Path path = model.resolve();
        try (ModelSource source = model.open()) {
            Tokenizer tokenizer = model.keptTokenizer(path.toString()).orElseGet(() -> ModelTokenizers.open(path));
            ChatTemplateOption.Loaded loaded = chatTemplate.load(source, tokenizer, conversation.tools() != null);
            ChatRenderer.Rendered rendered = loaded.renderer().render(conversation);
            TokenizedChat chat = TokenizedChat.of(rendered, tokenizer);
            try (Renderer out = command.renderer(false)) {
                out.emit(new ChatTokensReport(chat, tokenizer, loaded.origin()));
            }
        }
    }
}
