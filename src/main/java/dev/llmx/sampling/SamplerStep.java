package dev.llmx.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The steps of a sampler chain, with llama.cpp's names ({@code --samplers}) and its aliases. The draw (or, at
 * temperature 0, the most likely token) always comes last and is not a step.
 */
public enum SamplerStep {
    PENALTIES("penalties"),
    TOP_K("top_k", "top-k"),
    TYPICAL_P("typ_p", "typical_p", "typical-p", "typical", "typ-p", "typ"),
    TOP_P("top_p", "top-p", "nucleus"),
    MIN_P("min_p", "min-p"),
    TEMPERATURE("temperature", "temp");

    /**
     * llama.cpp's default order less the samplers llmx does not have (dry, top_n_sigma, xtc, all off by default
     * there): penalties first, because they judge the model's own logits; the filters next, on the untempered
     * distribution, so that a temperature change does not change which tokens survive; the temperature last, shaping
     * only what the filters let through.
     */
    public static final List<SamplerStep> DEFAULT_ORDER = List.of(PENALTIES, TOP_K, TYPICAL_P, TOP_P, MIN_P,
            TEMPERATURE);

    /** llama.cpp samplers that llmx does not implement. */
    private static final List<String> NOT_IMPLEMENTED = List.of("dry", "xtc", "top_n_sigma", "top-n-sigma", "infill");

    private final String[] names;

    SamplerStep(String... names) {
        this.names = names;
    }

    /** The llama.cpp name. */
    public String llamaName() {
        return names[0];
    }

    /**
     * Parses a {@code --samplers} list: names separated by ';' (as llama.cpp writes it) or ','. Each step at most once.
     *
     * @throws IllegalArgumentException naming the unknown or repeated step
     */
    public static List<SamplerStep> parseList(String text) {
        List<SamplerStep> steps = new ArrayList<>();
        for (String raw : text.split("[;,]")) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            SamplerStep step = byName(name);
            if (steps.contains(step)) {
                throw new IllegalArgumentException("--samplers names '" + name + "' twice");
            }
            steps.add(step);
        }
        return List.copyOf(steps);
    }

    private static SamplerStep byName(String name) {
        for (SamplerStep s : values()) {
            for (String n : s.names) {
                if (n.equals(name)) {
                    return s;
                }
            }
        }
        if (NOT_IMPLEMENTED.contains(name)) {
            throw new IllegalArgumentException("--samplers: llmx does not implement '" + name + "' (llama.cpp has it "
                    + "off by default); leave it out");
        }
        throw new IllegalArgumentException("--samplers: unknown sampler '" + name
                + "'; use penalties, top_k, typ_p, top_p, min_p, temperature");
    }
}
