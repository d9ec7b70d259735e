package dev.llmx.cli;

import dev.llmx.UsageException;
import dev.llmx.cli.tokenize.TokenizeRun;
import dev.llmx.cli.tokenize.TokenizeRun.Input;
import dev.llmx.tokenize.Tokenizer;
import dev.llmx.tokenize.TokenizerRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code llmx tokenize}: the first step of the story, text → tokens. */
@Command(name = "tokenize",
        description = {
            "Split text into tokens: ids, pieces, counts; or turn ids back into text.",
            "",
            "Text comes from the arguments, from files (-f) or from standard input, taken byte for byte (a",
            "trailing newline is part of the text). The tokenizer is an OpenAI encoding (--encoding, default",
            "o200k_base) or a model's own (-m). --compare shows several side by side, --count only the counts,",
            "--lines one record per input line, --decode turns ids back into text.",
            "JSON: see docs/tokenize.md."
        },
        footer = {
            "",
            "Examples:",
            "  llmx tokenize \"Hello world\"",
            "  llmx tokenize --compare cl100k_base,o200k_base \"Hello world\"",
            "  llmx tokenize --format json \"Hi\" | llmx tokenize --decode",
            "  llmx tokenize --chat examples/conversation.json --chat-template examples/chatml.jinja"
        })
public final class TokenizeCommand extends LlmxSubcommand {
    @Parameters(paramLabel = "TEXT", arity = "0..*",
            description = "Text to tokenize (several arguments are joined with spaces). With --decode: token ids.")
    List<String> texts = new ArrayList<>();

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", arity = "1..*",
            description = "Read text from FILE (several allowed; '-' is standard input).")
    List<Path> files = new ArrayList<>();

    @Mixin
    ModelOption model = new ModelOption();

    @Option(names = "--chat", paramLabel = "CONV",
            description = "Render the conversation CONV (a JSON request {\"messages\": [...], \"tools\", "
                    + "\"add_generation_prompt\", \"chat_template_kwargs\"} or a messages array; '-' is standard "
                    + "input) with the model's chat template and show its tokens by message and role.")
    Path chat;

    @Mixin
    ChatTemplateOption chatTemplate = new ChatTemplateOption();

    @Option(names = {"-e", "--encoding"}, paramLabel = "NAME", defaultValue = "o200k_base",
            completionCandidates = EncodingCandidates.class,
            description = "Tokenizer: ${COMPLETION-CANDIDATES}, or an OpenAI model name such as gpt-4o "
                    + "(default: ${DEFAULT-VALUE}). With -m, and in the REPL, the model's own tokenizer instead.")
    String encoding;

    @Option(names = "--compare", paramLabel = "A,B,…", split = ",",
            description = "Tokenize with several tokenizers and show them side by side: encodings and model paths "
                    + "(GGUF files, Hugging Face folders) mixed.")
    List<String> compare = new ArrayList<>();

    @Option(names = "--no-special", description = "Add no BOS/EOS (default: what the model's metadata says); "
            + "with --decode, leave special tokens out of the text.")
    boolean noSpecial;

    @Option(names = "--count", description = "Print only counts: tokens, characters, bytes, characters per token.")
    boolean count;

    @Option(names = "--lines", description = "Tokenize each input line separately (streamed; one record per line).")
    boolean lines;

    @Option(names = "--decode", description = "Turn token ids (arguments, or standard input: numbers or "
            + "'llmx tokenize' JSON) back into text.")
    boolean decode;

    @Option(names = "--parse-special",
            description = "Treat special-token text such as <|endoftext|> as the special token (default: plain text).")
    boolean parseSpecial;

    @Option(names = "--lossy", description = "Replace invalid UTF-8 in the input with U+FFFD instead of failing.")
    boolean lossy;

    @Override
    protected int execute() throws Exception {
        if (chat != null) {
            if (decode || count || lines || !compare.isEmpty() || !texts.isEmpty() || !files.isEmpty()
                    || spec.commandLine().getParseResult().hasMatchedOption("--encoding")) {
                throw new UsageException("--chat takes the conversation from CONV and the tokenizer from -m; it "
                        + "cannot be combined with text, -f, --encoding, --compare, --count, --lines or --decode");
            }
            ChatTokenize.run(this, model, chatTemplate, chat);
            return 0;
        }
        if (chatTemplate.file != null) {
            throw new UsageException("--chat-template needs --chat CONV");
        }
        checkCombinations();
        boolean encodingGiven = spec.commandLine().getParseResult().hasMatchedOption("--encoding");
        List<String> tokenizers = !compare.isEmpty() ? compare
                : encodingGiven ? List.of(encoding)
                : model.pathOrKept().map(p -> List.of(p.toString())).orElse(List.of(encoding));
        Input input = new Input(texts, files, terminal());
        TokenizeRun run = new TokenizeRun(terminal(), format(), tokenizers, parseSpecial, !noSpecial, lossy,
                new KeptOrOpened(model));
        if (decode) {
            run.decode(input);
        } else if (count) {
            run.count(input, lines);
        } else if (!compare.isEmpty()) {
            run.compare(input, lines);
        } else {
            run.tokens(input, lines);
        }
        return 0;
    }

    private void checkCombinations() {
        if (decode && (count || lines || !compare.isEmpty())) {
            throw new UsageException("--decode cannot be combined with --count, --lines or --compare");
        }
        boolean encodingGiven = spec.commandLine().getParseResult().hasMatchedOption("--encoding");
        if (!compare.isEmpty() && encodingGiven) {
            throw new UsageException("give either --encoding or --compare (list every tokenizer in --compare)");
        }
        if (model.path().isPresent() && encodingGiven) {
            throw new UsageException("give either -m (the model's tokenizer) or --encoding, not both");
        }
        if (model.path().isPresent() && !compare.isEmpty()) {
            throw new UsageException("give either -m or --compare (list the model path in --compare: "
                    + "--compare o200k_base," + model.path().get() + ")");
        }
        if (compare.stream().anyMatch(String::isBlank)) {
            throw new UsageException("--compare has an empty name; separate tokenizers with commas: "
                    + "--compare cl100k_base,o200k_base");
        }
        if (decode && !texts.isEmpty() && !files.isEmpty()) {
            throw new UsageException("give token ids either as arguments or with -f, not both");
        }
        if (!decode && !texts.isEmpty() && !files.isEmpty()) {
            throw new UsageException("give the text either as arguments or with -f, not both");
        }
    }

    /** Tokenizers by name: the REPL's loaded model's own when named, else opened (a class, not a lambda: start-up). */
    private static final class KeptOrOpened implements java.util.function.Function<String, Tokenizer> {
        private final ModelOption model;

        KeptOrOpened(ModelOption model) {
            this.model = model;
        }

        @Override
        public Tokenizer apply(String name) {
            java.util.Optional<Tokenizer> kept = model.keptTokenizer(name);
            return kept.isPresent() ? kept.get() : TokenizerRegistry.open(name);
        }
    }

    static final class EncodingCandidates implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return dev.llmx.tokenize.TokenizerRegistry.encodingNames().iterator();
        }
    }
}
