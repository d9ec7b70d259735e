package dev.llmx.cli.train;

import dev.llmx.LlmxException;
import dev.llmx.chat.ChatRenderer;
import dev.llmx.chat.Conversation;
import dev.llmx.chat.TokenizedChat;
import dev.llmx.cli.ChatTemplateOption;
import dev.llmx.cli.TextFiles;
import dev.llmx.tokenize.Tokenizer;
import dev.llmx.train.SftExamples;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --sft CONV.jsonl}: conversations rendered with the chat template (the chat renderer, which says which
 * text came from which message), tokenized, and masked so that only assistant tokens count in the loss; a share of
 * them (or {@code --val-file}) held out for validation.
 */
public record SftData(SftExamples train, SftExamples validation, int trainTokens, int valTokens, String template) {
    private static final long MAX_BYTES = 64L << 20;

    public static SftData read(Path file, Path valFile, double valFraction, ChatTemplateOption.Loaded template,
                               Tokenizer tokenizer, int vocab, int ctx, long seed) {
        List<SftExamples.Example> all = examples(file, template.renderer(), tokenizer, vocab, ctx);
        List<SftExamples.Example> train;
        List<SftExamples.Example> val;
        if (valFile != null) {
            train = all;
            val = examples(valFile, template.renderer(), tokenizer, vocab, ctx);
        } else {
            if (all.size() < 2) {
                throw new LlmxException(file + " has 1 conversation; validation needs another: give more or "
                        + "--val-file");
            }
            int held = (int) Math.max(1, Math.min(all.size() - 1, Math.round(all.size() * valFraction)));
            train = all.subList(0, all.size() - held);
            val = all.subList(all.size() - held, all.size());
        }
        return new SftData(new SftExamples(train, seed), new SftExamples(val, seed), tokens(train), tokens(val),
                template.origin());
    }

    private static int tokens(List<SftExamples.Example> list) {
        int n = 0;
        for (SftExamples.Example e : list) {
            n += e.tokens().length;
        }
        return n;
    }

    private static List<SftExamples.Example> examples(Path file, ChatRenderer renderer, Tokenizer tokenizer,
                                                      int vocab, int ctx) {
        String content = TextFiles.whole(file, MAX_BYTES, file + " is larger than 64 MiB; split the conversations");
        List<SftExamples.Example> out = new ArrayList<>();
        String[] lines = content.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String where = file.getFileName() + " line " + (i + 1);
            Conversation c = Conversation.parse(lines[i], where);
            TokenizedChat chat = TokenizedChat.of(renderer.render(c), tokenizer);
            int[] ids = chat.ids();
            for (int id : ids) {
                if (id < 0 || id >= vocab) {
                    throw new LlmxException(where + ": token id " + id + " is outside the model's vocabulary");
                }
            }
            int n = Math.min(ids.length, ctx + 1);
            boolean[] assistant = new boolean[n];
            for (int t = 0; t < n; t++) {
                assistant[t] = "assistant".equals(chat.role()[t]);
            }
            if (n < 2 || !anyTrue(assistant, 1)) {
                throw new LlmxException(where + ": no assistant tokens within the first " + (ctx + 1)
                        + " tokens, nothing to learn; give assistant turns or a larger -c");
            }
            out.add(new SftExamples.Example(Arrays.copyOf(ids, n), assistant));
        }
        if (out.isEmpty()) {
            throw new LlmxException(file + " has no conversations (one {\"messages\": [...]} object per line)");
        }
        return out;
    }

    private static boolean anyTrue(boolean[] a, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i]) {
                return true;
            }
        }
        return false;
    }

    /** For the summary: counts and the first conversation with its assistant text marked. */
    public Map<String, Object> describe(Tokenizer tokenizer) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("conversations", train.examples().size() + validation.examples().size());
        int loss = train.scored();
        o.put("loss_tokens", loss);
        o.put("masked_tokens", trainTokens - train.examples().size() - loss);
        o.put("template", template);
        SftExamples.Example first = train.examples().get(0);
        StringBuilder sb = new StringBuilder();
        boolean open = false;
        for (int t = 0; t < first.tokens().length; t++) {
            boolean in = first.assistant()[t];
            if (in != open) {
                sb.append(in ? "⟦" : "⟧");
                open = in;
            }
            int id = first.tokens()[t];
            sb.append(tokenizer.isValid(id) ? new String(tokenizer.bytes(id), StandardCharsets.UTF_8) : "?");
        }
        if (open) {
            sb.append("⟧");
        }
        o.put("mask_example", sb.toString());
        List<Object> tokens = new ArrayList<>();
        for (int t = 0; t < first.tokens().length; t++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", first.tokens()[t]);
            m.put("in_loss", t > 0 && first.assistant()[t]);
            tokens.add(m);
        }
        o.put("mask_tokens", tokens);
        return o;
    }
}
