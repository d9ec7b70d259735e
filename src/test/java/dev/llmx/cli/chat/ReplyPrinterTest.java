package dev.llmx.cli.chat;

import dev.llmx.render.Style;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The reply as people see it: reasoning labelled apart, framing markup hidden even when split across tokens. */
class ReplyPrinterTest {
    private static String print(boolean startsThinking, List<String> pieces) {
        StringBuilder out = new StringBuilder();
        ReplyPrinter p = new ReplyPrinter(out::append, new Style(false), startsThinking);
        pieces.forEach(p);
        p.finish();
        return out.toString();
    }

    @Test
    void thinkBlocksAreLabelledAndTheirTagsHidden() {
        assertEquals("thinking: 7 × 13\n91 is not prime.", print(false,
                List.of("<th", "ink>", "\n7 × 13\n", "</", "think>", "\n\n91 is not prime.")));
        // A generation prompt that opened <think> (QwQ, DeepSeek R1): the reply starts inside the reasoning.
        assertEquals("thinking: hmm\nyes", print(true, List.of("hmm", "</think>", "yes")));
        assertEquals("a < b", print(false, List.of("a ", "<", " b")));
        assertEquals("thinking: step 1\n\nstep 2\nok", print(true, List.of("step 1\n", "\n", "step 2\n", "</think>",
                "ok")));
    }

    @Test
    void gptOssChannelsAreShownAsReasoningAndAnswer() {
        assertEquals("thinking: Think.\nDone.", print(false, List.of("<|channel|>analysis<|message|>", "Think.",
                "<|end|>", "<|start|>assistant", "<|channel|>final<|message|>", "Done.", "<|return|>")));
    }
}
