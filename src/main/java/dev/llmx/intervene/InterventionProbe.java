package dev.llmx.intervene;

import dev.llmx.engine.Probe;
import dev.llmx.engine.ProbeTensor;

import java.util.List;

/** Applies a list of {@link Edit}s, in order, at their probe points: the one mechanism behind every intervention. */
public final class InterventionProbe implements Probe {
    private final List<Edit> edits;

    public InterventionProbe(List<Edit> edits) {
        this.edits = List.copyOf(edits);
    }

    public List<Edit> edits() {
        return edits;
    }

    @Override
    public boolean wants(String name) {
        for (Edit e : edits) {
            if (e.probe().equals(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void observe(ProbeTensor tensor) {
        for (Edit e : edits) {
            if (e.probe().equals(tensor.name())) {
                e.apply(tensor);
            }
        }
    }
}
