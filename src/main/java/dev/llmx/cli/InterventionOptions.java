package dev.llmx.cli;

import dev.llmx.UsageException;
import dev.llmx.engine.Session;
import dev.llmx.intervene.Edit;
import dev.llmx.intervene.EditParser;
import dev.llmx.intervene.InterventionProbe;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** {@code --ablate}, {@code --patch … --from}, {@code --steer … --vector --scale}: edits of the forward pass. */
public final class InterventionOptions {
    @Option(names = "--ablate", paramLabel = "TARGET",
            description = "Zero a head's output (blk.L.head.H), a block's output (blk.L.attn, blk.L.ffn) or any "
                    + "probe (repeatable).")
    List<String> ablate = new ArrayList<>();

    @Option(names = "--patch", paramLabel = "PROBE[@POS]",
            description = "Replace PROBE (at position POS, else at every position) with its value in a run on the "
                    + "--from prompt (repeatable), e.g. blk.2.l_out@3.")
    List<String> patch = new ArrayList<>();

    @Option(names = "--from", paramLabel = "TEXT", description = "The prompt --patch takes its tensors from.")
    String from;

    @Option(names = "--steer", paramLabel = "PROBE[@POS]",
            description = "Add --scale × --vector to PROBE at every position (or POS) (repeatable), e.g. blk.2.l_out.")
    List<String> steer = new ArrayList<>();

    @Option(names = "--vector", paramLabel = "FILE|\"A\"-\"B\"",
            description = "The steering direction: a little-endian float32 file, or '\"A\"-\"B\"': the mean of "
                    + "PROBE over prompt A minus its mean over prompt B.")
    String vector;

    @Option(names = "--scale", paramLabel = "S", defaultValue = "1",
            description = "How much of the steering vector to add (default: ${DEFAULT-VALUE}).")
    float scale;

    boolean any() {
        return !ablate.isEmpty() || !patch.isEmpty() || !steer.isEmpty();
    }

    /** The usage errors that need nothing run: --from or --vector without their edit, a non-finite --scale. */
    void check() {
        if (!any()) {
            if (from != null || vector != null) {
                throw new UsageException(from != null ? "--from goes with --patch" : "--vector goes with --steer");
            }
            return;
        }
        if (!Float.isFinite(scale)) {
            throw new UsageException("--scale must be a finite number");
        }
        if (from != null && patch.isEmpty()) {
            throw new UsageException("--from goes with --patch");
        }
        if (vector != null && steer.isEmpty()) {
            throw new UsageException("--vector goes with --steer");
        }
    }

    /** The edits asked for (null for none); patch sources and steering prompts run on {@code session} first. */
    InterventionProbe probe(EngineModel em, Session session) {
        check();
        if (!any()) {
            return null;
        }
        EditParser parser = new EditParser(em.model, em::promptTokens, (tokens, probe) -> {
            session.cache().clear();
            session.prefill(tokens, probe);
            session.cache().clear();
        });
        List<Edit> edits = new ArrayList<>();
        for (String a : ablate) {
            edits.add(parser.ablation(a));
        }
        for (String p : patch) {
            edits.add(parser.patch(p, from));
        }
        for (String s : steer) {
            edits.add(parser.steering(s, vector, scale));
        }
        return new InterventionProbe(edits);
    }
}
