package dev.llmx.engine;

import dev.llmx.model.EmbeddedModel;
import dev.llmx.model.ModelFiles;
import dev.llmx.model.ModelSource;
import dev.llmx.tensor.kernel.Kernels;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The probe point as an edit point: for every stage, a probe that scales the tensor by 1.5 changes the pass's logits
 * exactly when {@link Stage#editable()} says so; a probe that only reads changes nothing.
 */
class EditableProbeTest {
    private static final int[] PROMPT = {1, 403, 407, 261, 378};

    private static float[] run(Session s, Probe probe) {
        s.cache().clear();
        float[] prompt = s.prefill(Arrays.copyOf(PROMPT, 4), probe).clone();
        float[] decoded = s.decode(PROMPT[4], probe).clone();
        float[] both = Arrays.copyOf(prompt, prompt.length * 2);
        System.arraycopy(decoded, 0, both, prompt.length, decoded.length);
        return both;
    }

    @Test
    void everyEditableStageChangesTheLogitsAndOnlyThose() {
        try (ModelSource source = ModelFiles.open(EmbeddedModel.path());
             Session s = Session.open(Model.load(source, Kernels.best()), 0, 1)) {
            float[] clean = run(s, null);
            for (Stage stage : Stage.values()) {
                if (stage.name().startsWith("FFN_MOE_")) {
                    continue; // the embedded model is dense: it has no router to edit
                }
                String name = stage.tensorName(1);
                float[] edited = run(s, new Probe() {
                    @Override
                    public boolean wants(String n) {
                        return n.equals(name);
                    }

                    @Override
                    public void observe(ProbeTensor t) {
                        for (int i = 0; i < t.positions() * t.rowLength(); i++) {
                            t.values()[i] *= 1.5f;
                        }
                    }
                });
                assertEquals(stage.editable(), !Arrays.equals(clean, edited), name);
            }
            float[] read = run(s, new Probe() {
                @Override
                public boolean wants(String n) {
                    return true;
                }

                @Override
                public void observe(ProbeTensor t) {
                }
            });
            assertEquals(Arrays.toString(clean), Arrays.toString(read));
        }
    }
}
