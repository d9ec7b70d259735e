package dev.llmx.cli;

import dev.llmx.UsageException;
import dev.llmx.probe.ProbeExport;
import dev.llmx.probe.ProbeRecorder;
import dev.llmx.probe.ProbeSelection;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --probe GLOB … --probe-out FILE}: record named tensors of every forward pass to a safetensors file. */
public final class ProbeOptions {
    @Option(names = "--probe", paramLabel = "GLOB",
            description = "Record the probes matching GLOB (repeatable), e.g. 'blk.*.l_out', 'blk.0.attn_weights', "
                    + "'logits'; with --probe-out.")
    List<String> globs = new ArrayList<>();

    @Option(names = "--probe-out", paramLabel = "FILE",
            description = "Write the recorded probes to FILE (safetensors, one tensor per probe and forward pass, "
                    + "named PROBE@POSITION) and a JSON index beside it (FILE without .safetensors, plus .json).")
    Path out;

    /** The recorder asked for, or null; a half-given pair of options is a usage error. */
    ProbeRecorder recorder(int layers) {
        if (globs.isEmpty() && out == null) {
            return null;
        }
        if (out == null) {
            throw new UsageException("--probe needs --probe-out FILE (where to write the probes)");
        }
        if (globs.isEmpty()) {
            throw new UsageException("--probe-out needs at least one --probe GLOB (which probes to write)");
        }
        return new ProbeRecorder(out, ProbeSelection.of(globs, layers));
    }

    /**
     * Writes what {@code recorder} holds, its index naming the model file and the prompt's tokens (and the generated
     * ones where {@code generated} is not null); returns where it went.
     */
    static ProbeExport finish(ProbeRecorder recorder, ModelOption model, int[] promptTokens, int[] generated)
            throws IOException {
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("model", model.resolve().getFileName().toString());
        about.put("prompt_tokens", promptTokens);
        if (generated != null) {
            about.put("tokens", generated);
        }
        return recorder.finish(about);
    }
}
