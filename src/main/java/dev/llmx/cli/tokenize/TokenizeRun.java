package dev.llmx.cli.tokenize;

import dev.llmx.UsageException;
import dev.llmx.Cancellation;
import dev.llmx.LlmxException;
import dev.llmx.io.LineReader;
import dev.llmx.io.Utf8;
import dev.llmx.render.Format;
import dev.llmx.render.Renderer;
import dev.llmx.render.Terminal;
import dev.llmx.tokenize.Tokenizer;
import dev.llmx.tokenize.TokenizerRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What {@code llmx tokenize} does once its options are checked: read each input (whole, or line by line),
 * run it through the tokenizers and hand the records to the renderer.
 */
public final class TokenizeRun {
    private final Function<String, Tokenizer> opener;
    private final Terminal terminal;
    private final Format format;
    private final List<String> tokenizerNames;
    private final boolean parseSpecial;
    private final boolean addSpecial;
    private final boolean lossy;
    private List<Tokenizer> tokenizers;

    /**
     * @param tokenizerNames encodings or model paths
     * @param addSpecial     whether model tokenizers add their BOS/EOS (and, decoding, whether special tokens show)
     */
    public TokenizeRun(Terminal terminal, Format format, List<String> tokenizerNames, boolean parseSpecial,
                       boolean addSpecial, boolean lossy) {
        this(terminal, format, tokenizerNames, parseSpecial, addSpecial, lossy, new Registry());
    }

    /**
     * @param opener opens a tokenizer by name (the REPL lends the loaded model's instead of parsing it again)
     */
    public TokenizeRun(Terminal terminal, Format format, List<String> tokenizerNames, boolean parseSpecial,
                       boolean addSpecial, boolean lossy, Function<String, Tokenizer> opener) {
        this.opener = opener;
        this.terminal = terminal;
        this.format = format;
        this.tokenizerNames = tokenizerNames;
        this.parseSpecial = parseSpecial;
        this.addSpecial = addSpecial;
        this.lossy = lossy;
        // Resolve names first so a typo fails before any input is read.
        tokenizerNames.forEach(TokenizerRegistry::check);
    }

    /** Opens tokenizers from the registry (a class, not a method reference: no lambda bootstrap at start-up). */
    private static final class Registry implements Function<String, Tokenizer> {
        @Override
        public Tokenizer apply(String name) {
            return TokenizerRegistry.open(name);
        }
    }

    /** The texts to work on: arguments, files or standard input, in that order of preference. */
    public record Input(List<String> arguments, List<Path> files, Terminal terminal) {
        boolean several() {
            return files.size() > 1;
        }
    }

    /** A text handler: one (source, text) at a time. */
    private interface TextSink {
        void accept(Source source, String text);
    }

    public void tokens(Input input, boolean byLine) {
        try (Renderer renderer = new Renderer(terminal, format, byLine || input.several())) {
            forEachText(input, byLine, (source, text) ->
                    renderer.emit(new TokensReport(TokenizedText.of(tokenizer(0), source, text, parseSpecial,
                            addSpecial))));
        }
    }

    public void compare(Input input, boolean byLine) {
        try (Renderer renderer = new Renderer(terminal, format, byLine || input.several())) {
            forEachText(input, byLine, (source, text) -> {
                List<TokenizedText> results = new ArrayList<>();
                for (Tokenizer t : tokenizers()) {
                    results.add(TokenizedText.of(t, source, text, parseSpecial, addSpecial));
                }
                renderer.emit(new CompareReport(text, results));
            });
        }
    }

    public void count(Input input, boolean byLine) {
        boolean many = byLine || input.several() || tokenizerNames.size() > 1;
        try (Renderer renderer = new Renderer(terminal, format, many)) {
            CountTable table = format == Format.TABLE
                    ? new CountTable(renderer.text(), tokenizerNames.stream().mapToInt(String::length).max().orElse(0))
                    : null;
            forEachText(input, byLine, (source, text) -> {
                int chars = text.codePointCount(0, text.length());
                long bytes = Utf8.byteLength(text);
                for (Tokenizer t : tokenizers()) {
                    CountReport r = new CountReport(t.name(), source, t.count(text, parseSpecial, addSpecial), chars, bytes);
                    if (table != null) {
                        table.add(r);
                    } else {
                        renderer.emit(r);
                    }
                }
                if (table != null && byLine) {
                    renderer.flush();
                }
            });
            if (table != null) {
                table.finish();
            }
        }
    }

    public void decode(Input input) {
        Tokenizer tokenizer = tokenizer(0);
        List<int[]> sequences = new ArrayList<>();
        if (!input.arguments().isEmpty()) {
            sequences.addAll(IdListParser.parse(String.join(" ", input.arguments()), "arguments"));
        } else {
            forEachText(input, false, (source, text) -> sequences.addAll(IdListParser.parse(text, source.describe())));
        }
        boolean many = sequences.size() > 1;
        try (Renderer renderer = new Renderer(terminal, format, many)) {
            for (int[] ids : sequences) {
                byte[][] pieces = new byte[ids.length][];
                for (int i = 0; i < ids.length; i++) {
                    if (!tokenizer.isValid(ids[i])) {
                        throw new LlmxException("token id " + ids[i] + " is not in " + tokenizer.name()
                                + " (ids run from 0 to " + (tokenizer.vocabSize() - 1) + ")");
                    }
                    pieces[i] = tokenizer.bytes(ids[i]);
                }
                DecodeReport report = new DecodeReport(tokenizer.name(), ids, pieces,
                        tokenizer.decode(ids, addSpecial));
                if (format == Format.TABLE) {
                    writeDecodedText(renderer, report.bytes(), many);
                } else {
                    renderer.emit(report);
                }
            }
        }
    }

    /**
     * Decoded text goes out byte for byte. A newline is added only where a person reads it (a terminal) or where
     * several texts must be told apart, so that {@code tokenize | tokenize --decode > file} recreates the file.
     */
    private void writeDecodedText(Renderer renderer, byte[] bytes, boolean many) {
        renderer.emitRaw(bytes);
        boolean endsInNewline = bytes.length > 0 && bytes[bytes.length - 1] == '\n';
        if ((many || terminal.stdoutIsTerminal()) && !endsInNewline) {
            renderer.emitRaw(new byte[] {'\n'});
        }
    }

    private Tokenizer tokenizer(int index) {
        return tokenizers().get(index);
    }

    /** Tokenizers are loaded on first use, after the input has been found readable. */
    private List<Tokenizer> tokenizers() {
        if (tokenizers == null) {
            List<Tokenizer> list = new ArrayList<>();
            for (String name : tokenizerNames) {
                list.add(opener.apply(name));
            }
            tokenizers = list;
        }
        return tokenizers;
    }

    private void forEachText(Input input, boolean byLine, TextSink sink) {
        if (!input.arguments().isEmpty()) {
            String text = String.join(" ", input.arguments());
            if (byLine) {
                long n = 0;
                for (String line : text.split("\r?\n", -1)) {
                    sink.accept(Source.of("argument").atLine(++n), line);
                }
            } else {
                sink.accept(Source.of("argument"), text);
            }
            return;
        }
        List<Path> files = input.files().isEmpty() ? List.of(Path.of("-")) : input.files();
        for (Path file : files) {
            Cancellation.checkpoint();
            boolean stdin = file.toString().equals("-");
            Source source = Source.of(stdin ? "stdin" : file.toString());
            if (stdin && terminal.hasNoInput()) {
                throw new UsageException("no text to tokenize: give it as arguments or with -f FILE (commands in the "
                        + "REPL have no standard input)");
            }
            if (stdin && terminal.stdinIsTerminal()) {
                terminal.info("llmx tokenize: reading standard input (end with Ctrl-D)");
            }
            try (InputStream in = stdin ? nonClosing(terminal.in()) : open(file)) {
                if (byLine) {
                    LineReader reader = new LineReader(in);
                    byte[] line;
                    while ((line = reader.next()) != null) {
                        Cancellation.checkpoint();
                        Source at = source.atLine(reader.lineNumber());
                        sink.accept(at, Utf8.decode(line, source.describe() + " line " + reader.lineNumber(),
                                reader.lineStartOffset(), lossy));
                    }
                } else {
                    byte[] bytes = in.readAllBytes();
                    sink.accept(source, Utf8.decode(bytes, source.describe(), 0, lossy));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static InputStream open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new LlmxException(file + ": is a directory (to count every file in it: "
                    + "find " + file + " -type f -print0 | xargs -0 llmx tokenize --count -f)");
        }
        return Files.newInputStream(file);
    }

    private static InputStream nonClosing(InputStream in) {
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() {
                // standard input stays open for whoever reads next
            }
        };
    }

}
