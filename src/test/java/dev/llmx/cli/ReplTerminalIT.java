package dev.llmx.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code ./llmx repl} on a real terminal, driven through tmux as a person would type: Tab completion, a long
 * bench cancelled with Ctrl-C, Ctrl-D to leave, history on disk. Skipped where tmux is not installed.
 */
class ReplTerminalIT {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final String PROMPT = "llmx:stories260K> ";

    private final String session = "llmx-it-" + ProcessHandle.current().pid();

    @BeforeEach
    void needsTmux() throws Exception {
        boolean present;
        try {
            present = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            present = false;
        }
        Assumptions.assumeTrue(present, "tmux is not installed: the terminal test is skipped");
    }

    @AfterEach
    void killSession() throws Exception {
        tmux("kill-session", "-t", session);
    }

    @Test
    void completionCtrlCAndHistoryOnARealTerminal(@TempDir Path dir) throws Exception {
        Path history = dir.resolve("history");
        String command = "cd '" + ROOT + "' && LLMX_NO_BUILD=1 LLMX_HISTORY='" + history + "' ./llmx repl; "
                + "echo REPL-EXITED-$?; sleep 120";
        tmux("new-session", "-d", "-s", session, "-x", "150", "-y", "50", command);
        waitFor(PROMPT, 90);

        tmux("send-keys", "-t", session, "--", "tok", "Tab");
        waitFor(PROMPT + "tokenize", 20);
        tmux("send-keys", "-t", session, "--", "--count hi", "Enter");
        waitFor("chars/token", 30);

        // A run that cannot end early (bench decodes a fixed number of tokens, no end-of-text): Ctrl-C once its
        // progress bar shows, which the typed line does not contain.
        tmux("send-keys", "-t", session, "--", "bench -p 0 -n 1000 -r 50", "Enter");
        waitFor("llmx bench ", 60);
        tmux("send-keys", "-t", session, "--", "C-c");
        waitFor("llmx bench: cancelled", 30);
        waitForCount(PROMPT, 3, 30);

        tmux("send-keys", "-t", session, "--", "C-d");
        waitFor("REPL-EXITED-0", 30);
        String saved = Files.readString(history, StandardCharsets.UTF_8);
        assertTrue(saved.contains("tokenize --count hi"), saved);
        assertTrue(saved.contains("bench -p 0 -n 1000 -r 50"), saved);
    }

    private void waitFor(String text, int seconds) throws Exception {
        waitForCount(text, 1, seconds);
    }

    private void waitForCount(String text, int count, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = tmux("capture-pane", "-p", "-J", "-S", "-1000", "-t", session);
            if (occurrences(screen, text) >= count) {
                return;
            }
            Thread.sleep(200);
        }
        fail("waited " + seconds + " s for " + count + "× '" + text + "'; the screen:\n" + screen);
    }

    private static int occurrences(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    private static String tmux(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("tmux");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}
