package dev.llmx.train;

import java.util.Locale;

/** The update rules {@code llmx train --optimizer} offers. */
public enum OptimizerKind {
    /** w −= lr·g. */
    SGD,
    /** v = μ·v + g; w −= lr·v (heavy ball). */
    MOMENTUM,
    /** Adam: per-weight steps scaled by running moments of g and g², bias-corrected; weight decay added to g (L2). */
    ADAM,
    /** Adam with decoupled weight decay (w −= lr·λ·w beside the Adam step), Loshchilov &amp; Hutter. */
    ADAMW;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named {@code name} (case-insensitive), or null when there is none. */
    public static OptimizerKind parse(String name) {
        for (OptimizerKind k : values()) {
            if (k.jsonName().equalsIgnoreCase(name)) {
                return k;
            }
        }
        return null;
    }
}
