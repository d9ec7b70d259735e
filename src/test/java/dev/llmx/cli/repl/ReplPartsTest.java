package dev.llmx.cli.repl;

import dev.llmx.UsageException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The small pieces of the REPL: splitting lines, where history goes, "did you mean". */
class ReplPartsTest {
    @Test
    void linesSplitLikeAShell() {
        assertEquals(List.of("tokenize", "Hello  world", "-e", "gpt-4"),
                CommandWords.split("  tokenize 'Hello  world' -e gpt-4  "));
        assertEquals(List.of("generate", "it's", "a b"), CommandWords.split("generate \"it's\" a\\ b"));
        assertEquals(List.of(), CommandWords.split("   # just a comment"));
        assertEquals(List.of(), CommandWords.split(""));
        assertThrows(UsageException.class, () -> CommandWords.split("tokenize \"open"));
        assertThrows(UsageException.class, () -> CommandWords.split("tokenize 'open"));
        assertThrows(UsageException.class, () -> CommandWords.split("tokenize open\\"));
    }

    @Test
    void emptyWordsJoinedQuotesEscapesAndTheHomeFolder() {
        assertEquals(List.of("tokenize", "-e", "", "hi"), CommandWords.split("tokenize -e \"\" hi"));
        assertEquals(List.of("its", "say \"hi\" \\ $x"), CommandWords.split("'it''s' \"say \\\"hi\\\" \\\\ \\$x\""));
        assertEquals(List.of(":model", "/home/u/m.gguf", "~user", "a~/b", "~/q"),
                CommandWords.split(":model ~/m.gguf ~user a~/b '~/q'", "/home/u"));
        assertEquals(List.of("generate", "a#b"), CommandWords.split("generate a#b # the rest is a comment"));
    }

    @Test
    void historyFollowsXdgWithAnOverride() {
        assertEquals(Optional.of(Path.of("/home/u/.local/share/llmx/history")),
                HistoryFile.locate(Map.of(), "/home/u"));
        assertEquals(Optional.of(Path.of("/data/llmx/history")),
                HistoryFile.locate(Map.of("XDG_DATA_HOME", "/data"), "/home/u"));
        assertEquals(Optional.of(Path.of("/home/u/.local/share/llmx/history")),
                HistoryFile.locate(Map.of("XDG_DATA_HOME", "relative"), "/home/u"), "XDG ignores relative paths");
        assertEquals(Optional.of(Path.of("/tmp/h")), HistoryFile.locate(Map.of("LLMX_HISTORY", "/tmp/h"), "/home/u"));
        assertEquals(Optional.empty(), HistoryFile.locate(Map.of("LLMX_HISTORY", ""), "/home/u"));
        assertEquals(Optional.empty(), HistoryFile.locate(Map.of(), null));
    }

    @Test
    void closestNamesByEditsAndPrefix() {
        List<String> names = List.of("tokenize", "generate", "logits", "kv-cost", ":info");
        assertEquals(List.of("tokenize"), ClosestNames.to("tokenz", names));
        assertEquals(List.of("generate"), ClosestNames.to("gen", names));
        assertEquals(List.of(":info"), ClosestNames.to("info", names));
        assertEquals(List.of(), ClosestNames.to("bogus", names));
        assertEquals(3, dev.llmx.EditDistance.levenshtein("kitten", "sitting"));
    }
}
