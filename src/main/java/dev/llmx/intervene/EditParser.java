package dev.llmx.intervene;

import dev.llmx.LlmxException;
import dev.llmx.UsageException;
import dev.llmx.engine.Model;
import dev.llmx.engine.Probe;
import dev.llmx.engine.Stage;
import dev.llmx.probe.ProbeNames;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the command line's intervention specs into {@link Edit}s for one model, checking every layer, head,
 * position and vector size against it so that a mistake is one line before anything runs:
 * <ul>
 *   <li>{@code --ablate blk.L.head.H} (head H's output), {@code blk.L.attn}, {@code blk.L.ffn} (the block's output),
 *       or any editable probe name (zeroed whole);</li>
 *   <li>{@code --patch PROBE[@POS]} with the tensor of a run on {@code --from TEXT};</li>
 *   <li>{@code --steer PROBE[@POS]} adding {@code --scale} times {@code --vector FILE} (little-endian float32) or
 *       {@code --vector '"A"-"B"'} (the mean of PROBE over prompt A minus its mean over prompt B, leaving out the
 *       BOS the model adds: its residual stream is an outlier that would swamp the means).</li>
 * </ul>
 */
public final class EditParser {
    private static final Pattern LAYER = Pattern.compile("blk\\.(\\d+)\\.(.+)");
    private static final Pattern HEAD = Pattern.compile("head\\.(\\d+)");
    private static final Pattern DIFFERENCE = Pattern.compile("\"(.*)\"\\s*-\\s*\"(.*)\"", Pattern.DOTALL);

    private final Model model;
    private final Function<String, int[]> tokenize;
    private final BiConsumer<int[], Probe> run;
    private final int leadingSpecial;

    /**
     * @param tokenize a prompt's tokens as the main run makes them
     * @param run      runs tokens from an empty cache with a probe (for patch sources and steering prompts)
     */
    public EditParser(Model model, Function<String, int[]> tokenize, BiConsumer<int[], Probe> run) {
        this.model = model;
        this.leadingSpecial = tokenize.apply("").length;
        this.tokenize = tokenize;
        this.run = run;
    }

    public Ablation ablation(String spec) {
        Matcher m = LAYER.matcher(spec);
        if (m.matches()) {
            int layer = layer(spec, m.group(1));
            Matcher head = HEAD.matcher(m.group(2));
            if (head.matches()) {
                int h = parseIndex(head.group(1), spec);
                if (h >= model.heads()) {
                    throw new UsageException("--ablate " + spec + ": head " + h + " is out of range; the model has "
                            + model.heads() + " heads per layer (0–" + (model.heads() - 1) + ")");
                }
                return new Ablation(spec, Stage.KQV_OUT.tensorName(layer), h);
            }
            if (m.group(2).equals("ffn")) {
                return new Ablation(spec, Stage.FFN_OUT.tensorName(layer), -1);
            }
            if (m.group(2).equals("attn")) {
                return new Ablation(spec, Stage.ATTN_OUT.tensorName(layer), -1);
            }
        }
        return new Ablation(spec, probe(spec, "--ablate"), -1);
    }

    public Patch patch(String spec, String fromText) {
        if (fromText == null) {
            throw new UsageException("--patch " + spec + " needs --from TEXT (the prompt to take the tensor from)");
        }
        Target t = target(spec, "--patch");
        Capture capture = new Capture(t.probe);
        run.accept(tokenize.apply(fromText), capture);
        if (t.position.isPresent() && !capture.rows().containsKey(t.position.getAsInt())) {
            throw new UsageException("--patch " + spec + ": position " + t.position.getAsInt() + " is past the end of"
                    + " the --from prompt (" + capture.rows().size() + " tokens)");
        }
        return new Patch(spec, t.probe, t.position.orElse(-1), fromText, Map.copyOf(capture.rows()));
    }

    public Steering steering(String spec, String vector, float scale) {
        if (vector == null) {
            throw new UsageException("--steer " + spec + " needs --vector FILE or --vector '\"A\"-\"B\"'");
        }
        Target t = target(spec, "--steer");
        float[] v;
        Matcher d = DIFFERENCE.matcher(vector);
        if (d.matches()) {
            Capture a = new Capture(t.probe);
            run.accept(tokenize.apply(d.group(1)), a);
            Capture b = new Capture(t.probe);
            run.accept(tokenize.apply(d.group(2)), b);
            float[] ma = a.mean(leadingSpecial);
            float[] mb = b.mean(leadingSpecial);
            v = new float[ma.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = ma[i] - mb[i];
            }
        } else {
            v = readVector(Path.of(vector));
        }
        int width = width(Stage.values()[stageOf(t.probe)]);
        if (width > 0 && v.length != width) {
            throw new LlmxException("--vector " + vector + " has " + v.length + " values but " + t.probe + " has "
                    + width + " per position");
        }
        return new Steering(spec, t.probe, t.position.orElse(-1), v, scale, vector);
    }

    /** The width of one row of {@code stage}, or 0 where only the pass knows it (the FFN's inner tensors). */
    private int width(Stage stage) {
        return switch (stage) {
            case Q -> model.heads() * model.headDim();
            case K -> model.kvHeads() * model.headDim();
            case V -> model.kvHeads() * model.valueDim();
            case KQV_OUT -> model.heads() * model.valueDim();
            case LOGITS -> model.vocabSize();
            case TOKEN_EMBD, ATTN_NORM, ATTN_OUT, RESID_MID, FFN_NORM, FFN_OUT, RESID_OUT, OUTPUT_NORM ->
                    model.embeddingLength();
            default -> 0;
        };
    }

    private record Target(String probe, OptionalInt position) {
    }

    private Target target(String spec, String option) {
        int at = spec.lastIndexOf('@');
        OptionalInt position = OptionalInt.empty();
        String name = spec;
        if (at >= 0) {
            position = OptionalInt.of(parseIndex(spec.substring(at + 1), spec));
            name = spec.substring(0, at);
        }
        return new Target(probe(name, option), position);
    }

    /** The canonical probe name {@code name} stands for, checked to exist in this model and to be editable. */
    private String probe(String name, String option) {
        String canonical = ProbeNames.canonical(name);
        Matcher m = LAYER.matcher(canonical);
        if (m.matches()) {
            layer(name, m.group(1));
        }
        if (!ProbeNames.all(model.layerCount()).contains(canonical)) {
            throw new UsageException(option + " " + name + ": no such probe; the probes are "
                    + ProbeNames.summary(model.layerCount()) + (option.equals("--ablate")
                    ? ", or blk.N.head.H, blk.N.attn, blk.N.ffn" : ""));
        }
        if (!Stage.values()[stageOf(canonical)].editable()) {
            throw new UsageException(option + " " + name + ": the attention scores and weights are copies made for "
                    + "viewing; edit blk.N.q, blk.N.k or blk.N.kqv_out instead");
        }
        return canonical;
    }

    private int stageOf(String canonical) {
        for (Stage s : Stage.values()) {
            for (int l = 0; l < (s.perLayer() ? model.layerCount() : 1); l++) {
                if (s.tensorName(l).equals(canonical)) {
                    return s.ordinal();
                }
            }
        }
        throw new IllegalArgumentException(canonical);
    }

    private int layer(String spec, String digits) {
        int layer = parseIndex(digits, spec);
        if (layer >= model.layerCount()) {
            throw new UsageException(spec + ": layer " + layer + " is out of range; the model has "
                    + model.layerCount() + " layers (0–" + (model.layerCount() - 1) + ")");
        }
        return layer;
    }

    private static int parseIndex(String digits, String spec) {
        try {
            int v = Integer.parseInt(digits);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException(spec + ": '" + digits + "' is not a layer, head or position number");
        }
    }

    private static float[] readVector(Path file) {
        try {
            long size = Files.size(file);
            if (size % 4 != 0 || size == 0 || size > (1L << 30)) {
                throw new LlmxException(file + ": a steering vector is little-endian float32 values; " + size
                        + " bytes is not a whole number of them");
            }
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            float[] v = new float[(int) (size / 4)];
            b.asFloatBuffer().get(v);
            for (float x : v) {
                if (!Float.isFinite(x)) {
                    throw new LlmxException(file + ": the steering vector holds a value that is not finite (" + x + ")");
                }
            }
            return v;
        } catch (NoSuchFileException e) {
            throw new LlmxException(file + ": no such file (--vector takes a float32 file or '\"A\"-\"B\"')");
        } catch (IOException e) {
            throw new LlmxException(file + ": " + e.getMessage());
        }
    }
}
