package dev.llmx.cli;

import dev.llmx.LlmxException;
import dev.llmx.UsageException;
import dev.llmx.cli.embed.EmbedReport;
import dev.llmx.cli.png.CommandPictures;
import dev.llmx.embed.Analogy;
import dev.llmx.embed.EmbeddingSpace;
import dev.llmx.render.Renderer;
import dev.llmx.tensor.kernel.WorkerPool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/** {@code llmx embed}: the embedding rows of the prompt's tokens, their similarities, nearest tokens, analogies. */
@Command(name = "embed",
        description = {
            "The embedding row of each prompt token, how alike they are, and their nearest tokens.",
            "",
            "The first step of the model is a lookup: token id i selects row i of the matrix token_embd",
            "(n_vocab × d_model). The row does not depend on the context: 'bank' has the same vector in",
            "'river bank' and 'investment bank'; only the attention layers mix context in. For each prompt",
            "token: id, piece, the row's L2 norm, a sparkline and its first values (--full: every value);",
            "then the cosine similarity of every pair of prompt tokens as a heatmap (--numbers: the values).",
            "--nearest N lists the N vocabulary tokens of highest cosine similarity to each prompt token;",
            "--analogy \"king - man + woman\" adds and subtracts rows and lists the tokens nearest the result",
            "(a word of several tokens stands for the mean of their rows; the words themselves are left out).",
            "Quantized matrices are read through their dequantizers, as the forward pass reads them.",
            "At most " + EmbedCommand.MAX_TOKENS + " prompt tokens (the similarity of every pair is computed).",
            "JSON: see docs/embed.md."
        },
        footer = {
            "",
            "Examples:",
            "  llmx embed \"Once upon a time\"",
            "  llmx embed --nearest 5 \"cat dog happy\"",
            "  llmx embed --analogy \"king - man + woman\"",
            "  llmx embed --full --format json \"river bank\""
        })
public final class EmbedCommand extends LlmxSubcommand {
    /** Prompt tokens shown at most: the pair table holds the square of this many cosines. */
    static final int MAX_TOKENS = 2048;

    private static final int MAX_NEAREST = 1000;

    @Mixin
    ModelOption model;

    @Mixin
    ThreadsOption threads;

    @Mixin
    PromptInput prompt;

    @Option(names = "--full", description = "Show every value of each row (default: the first few).")
    boolean full;

    @Option(names = "--numbers", description = "Print the similarity matrix as numbers instead of a heatmap.")
    boolean numbers;

    @Option(names = "--nearest", paramLabel = "N",
            description = "The N vocabulary tokens nearest (by cosine) to each prompt token.")
    Integer nearest;

    @Option(names = "--analogy", paramLabel = "EXPR",
            description = "Words joined by + and -, e.g. \"king - man + woman\": the tokens nearest the sum of their rows.")
    String analogy;

    @Option(names = "--top", paramLabel = "K", defaultValue = "10",
            description = "Results listed for --analogy (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--png", paramLabel = "FILE",
            description = "Also draw the prompt tokens' cosine-similarity heatmap to FILE (PNG).")
    Path png;

    @Override
    protected int execute() throws Exception {
        if (nearest != null && (nearest < 1 || nearest > MAX_NEAREST)) {
            throw new UsageException("--nearest must be between 1 and " + MAX_NEAREST + ", not " + nearest);
        }
        if (top < 1 || top > MAX_NEAREST) {
            throw new UsageException("--top must be between 1 and " + MAX_NEAREST + ", not " + top);
        }
        List<Analogy.Term> terms = analogy != null ? Analogy.parse(analogy) : List.of();
        String text = prompt.read(terminal());
        try (EngineModel em = EngineModel.open(model);
             WorkerPool pool = new WorkerPool(threads.threads());
             Renderer out = renderer(false)) {
            EmbeddingSpace space = new EmbeddingSpace(em.model);
            boolean promptShown = analogy == null || !text.isEmpty();
            int[] ids = promptShown ? em.promptOrPipedTokens(text) : new int[0];
            PromptLimit.check("embed", ids.length, MAX_TOKENS);
            if (promptShown && ids.length == 0) {
                throw new LlmxException("the prompt is empty and the model adds no BOS token; give some text");
            }
            EmbedReport.Builder report = new EmbedReport.Builder(em.model.embeddingType().name(), space.rows(),
                    space.width(), em.model.embeddingScale(), em::bytesOf, full, numbers);
            float[][] rows = new float[ids.length][];
            for (int i = 0; i < ids.length; i++) {
                rows[i] = space.row(ids[i]);
            }
            report.prompt(ids, rows);
            if (png != null) {
                if (ids.length == 0) {
                    throw new UsageException("--png draws the prompt's tokens: give a prompt");
                }
                List<byte[]> pieces = new ArrayList<>();
                for (int id : ids) {
                    pieces.add(em.bytesOf(id));
                }
                CommandPictures.similarity(png, rows, pieces);
            }
            if (nearest != null && ids.length > 0) {
                List<IntPredicate> self = new ArrayList<>();
                for (int id : ids) {
                    self.add(other -> other == id);
                }
                report.nearest(space.nearest(rows, nearest, self, pool));
            }
            if (!terms.isEmpty()) {
                runAnalogy(em, space, terms, report, pool);
            }
            out.emit(report.build());
        }
        return 0;
    }

    private void runAnalogy(EngineModel em, EmbeddingSpace space, List<Analogy.Term> terms,
                            EmbedReport.Builder report, WorkerPool pool) {
        float[] sum = new float[space.width()];
        List<EmbedReport.AnalogyTerm> resolved = new ArrayList<>();
        List<Integer> inputs = new ArrayList<>();
        for (Analogy.Term t : terms) {
            int[] ids = em.tokenizer.encode(t.text(), false, false).ids();
            if (ids.length == 0) {
                throw new LlmxException("--analogy: '" + t.text() + "' gives no tokens");
            }
            // A word of several tokens stands for the mean of their rows, so that every word weighs the same.
            for (int id : ids) {
                float[] row = space.row(id);
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += t.sign() * row[i] / ids.length;
                }
                inputs.add(id);
            }
            resolved.add(new EmbedReport.AnalogyTerm(t.sign(), t.text(), ids));
        }
        int[] excluded = inputs.stream().mapToInt(Integer::intValue).sorted().toArray();
        IntPredicate isInput = id -> Arrays.binarySearch(excluded, id) >= 0;
        List<EmbeddingSpace.Neighbour> found = space.nearest(new float[][] {sum}, top, List.of(isInput), pool).get(0);
        report.analogy(analogy, resolved, found);
    }
}
