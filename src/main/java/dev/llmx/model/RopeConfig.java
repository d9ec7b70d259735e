package dev.llmx.model;

/**
 * Rotary position embedding settings.
 *
 * @param base                  theta, the frequency base (10000 unless the model says otherwise)
 * @param dimensions            how many dimensions of each head are rotated (n_rot; the head size for most models)
 * @param layout                which elements are paired, as the weights expect
 * @param scalingType           {@code none}, {@code linear}, {@code yarn}, {@code longrope}, {@code llama3} …
 * @param scalingFactor         context extension factor (1 when not scaled)
 * @param originalContextLength the context the model was trained with before scaling, 0 when not given
 */
public record RopeConfig(double base, int dimensions, RopeLayout layout, String scalingType, double scalingFactor,
                         long originalContextLength) {
    public static final double DEFAULT_BASE = 10000.0;

    public boolean isScaled() {
        return !"none".equals(scalingType);
    }
}
