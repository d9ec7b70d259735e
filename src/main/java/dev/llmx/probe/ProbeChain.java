package dev.llmx.probe;

import dev.llmx.engine.Probe;
import dev.llmx.engine.ProbeTensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Several probes on one pass, handed each tensor in the order given: put the editing probes (interventions) first and
 * the reading ones after them, so that an export records the tensor the rest of the pass really used.
 */
public final class ProbeChain implements Probe {
    private final List<Probe> probes;

    private ProbeChain(List<Probe> probes) {
        this.probes = probes;
    }

    /** The probes that are not null, chained; null when there are none (a pass without a probe costs nothing). */
    public static Probe of(Probe... probes) {
        List<Probe> present = new ArrayList<>();
        for (Probe p : probes) {
            if (p != null) {
                present.add(p);
            }
        }
        return present.isEmpty() ? null : present.size() == 1 ? present.get(0) : new ProbeChain(present);
    }

    @Override
    public boolean wants(String name) {
        for (Probe p : probes) {
            if (p.wants(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void observe(ProbeTensor tensor) {
        for (Probe p : probes) {
            if (p.wants(Objects.requireNonNull(tensor.name()))) {
                p.observe(tensor);
            }
        }
    }
}
