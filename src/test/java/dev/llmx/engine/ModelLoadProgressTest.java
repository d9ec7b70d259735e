package dev.llmx.engine;

import dev.llmx.model.EmbeddedModel;
import dev.llmx.model.ModelFiles;
import dev.llmx.model.ModelSource;
import dev.llmx.tensor.kernel.Kernels;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ModelLoadProgressTest {
    @Test
    void theListenerHearsEveryLayerInOrderEndingWithAll() {
        List<Long> heard = new ArrayList<>();
        try (ModelSource source = ModelFiles.open(EmbeddedModel.path())) {
            Model model = Model.load(source, Kernels.scalar(), heard::add);
            assertEquals(5, model.config().layers());
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), heard);
        }
    }
}
