package dev.llmx.cli.generate;

import dev.llmx.render.OutputClosedException;
import dev.llmx.tokenize.TextDecoder;
import dev.llmx.tokenize.Tokenizer;
import dev.llmx.tokenize.text.ByteBuilder;
import dev.llmx.tokenize.text.Utf8Stream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Generated tokens → text, as they arrive. The tokenizer's streaming decoder gives the bytes the reference decoder
 * would (it was first fed the prompt, so the continuation decodes as the rest of the sequence, not as a text of its
 * own); a UTF-8 stream then holds back the bytes of a character split across tokens until it is complete, so a
 * terminal never sees half a character. The text is also collected for the JSON.
 *
 * <p>Stop strings ({@code --stop}): when the text comes to contain one, {@link #push} says so and the text ends
 * before it (the stop string is not part of the output, as in llama.cpp). Text that could still become a stop string
 * is held back from the stream until the next token decides, so a stop string never appears on the terminal.
 */
public final class TextStream {
    private final TextDecoder decoder;
    private final Utf8Stream utf8 = new Utf8Stream();
    private final ByteBuilder bytes = new ByteBuilder();
    private final StringBuilder text = new StringBuilder();
    private final Consumer<String> sink;
    private final StringBuilder pending = new StringBuilder();
    private final List<String> stops;
    private int streamed;
    private boolean stopped;
    private String stopString;

    /**
     * @param out where to stream the text (null: collect only)
     */
    public TextStream(Tokenizer tokenizer, int[] promptTokens, OutputStream out) {
        this(tokenizer, promptTokens, out == null ? null : s -> write(out, s), List.of(), false);
    }

    /**
     * @param sink          receives the text as it is decided (null: collect only)
     * @param stops         stop strings
     * @param renderSpecial whether special tokens decode to their text (a chat shows its markup to the parsers)
     */
    public TextStream(Tokenizer tokenizer, int[] promptTokens, Consumer<String> sink, List<String> stops,
                      boolean renderSpecial) {
        this.decoder = tokenizer.newDecoder(renderSpecial);
        this.sink = sink;
        this.stops = stops.stream().filter(s -> !s.isEmpty()).toList();
        for (int id : promptTokens) {
            decoder.push(id, bytes);
        }
        bytes.clear();
    }

    /** Adds a token; true when the text now contains a stop string (the text then ends before it). */
    public boolean push(int id) {
        if (stopped) {
            return true;
        }
        decoder.push(id, bytes);
        drain(false);
        return stopped;
    }

    /** Releases what the decoders held back; the text is then complete. */
    public void finish() {
        if (!stopped) {
            decoder.finish(bytes);
            drain(true);
        }
        emit(text.length());
    }

    /** The text so far. */
    public String text() {
        return text.toString();
    }

    /** Whether a stop string has ended the text. */
    public boolean stopped() {
        return stopped;
    }

    /** The stop string that ended the text, or null. */
    public String stopString() {
        return stopString;
    }

    private void drain(boolean end) {
        utf8.push(bytes.array(), 0, bytes.length(), pending);
        bytes.clear();
        if (end) {
            utf8.finish(pending);
        }
        if (pending.length() == 0) {
            return;
        }
        int before = text.length();
        text.append(pending);
        pending.setLength(0);
        if (!stops.isEmpty()) {
            int longest = stops.stream().mapToInt(String::length).max().orElse(0);
            int from = Math.max(0, before - longest + 1);
            int cut = -1;
            for (String stop : stops) {
                int at = text.indexOf(stop, from);
                if (at >= 0 && (cut < 0 || at < cut)) {
                    cut = at;
                    stopString = stop;
                }
            }
            if (cut >= 0) {
                text.setLength(cut);
                stopped = true;
                emit(cut);
                return;
            }
            emit(end ? text.length() : text.length() - heldBack());
            return;
        }
        emit(text.length());
    }

    /** Length of the longest end of the text that begins some stop string (it may yet become one). */
    private int heldBack() {
        int held = 0;
        String tail = text.substring(Math.max(0, text.length() - stops.stream().mapToInt(String::length).max()
                .orElse(0)));
        for (String stop : stops) {
            for (int k = Math.min(stop.length() - 1, tail.length()); k > held; k--) {
                if (tail.regionMatches(tail.length() - k, stop, 0, k)) {
                    held = k;
                    break;
                }
            }
        }
        return held;
    }

    private void emit(int upTo) {
        if (upTo > streamed) {
            if (sink != null) {
                sink.accept(text.substring(streamed, upTo));
            }
            streamed = upTo;
        }
    }

    private static void write(OutputStream out, String s) {
        try {
            out.write(s.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new OutputClosedException();
        }
    }
}
