package dev.llmx.engine;

/**
 * The forward pass's side of a {@link Probe}: which named tensors are wanted (asked once per pass), and handing
 * them over. {@link #NONE} wants nothing, so that the pass's checks cost a field read.
 */
final class Probes {
    static final Probes NONE = new Probes(null, 0);

    private final Probe probe;
    private final boolean[][] wanted;
    private final boolean any;

    private Probes(Probe probe, int layers) {
        this.probe = probe;
        this.wanted = new boolean[Math.max(1, layers)][Stage.values().length];
        boolean anyWanted = false;
        if (probe != null) {
            for (Stage s : Stage.values()) {
                for (int l = 0; l < (s.perLayer() ? layers : 1); l++) {
                    wanted[l][s.ordinal()] = probe.wants(s.tensorName(l));
                    anyWanted |= wanted[l][s.ordinal()];
                }
            }
        }
        this.any = anyWanted;
    }

    static Probes of(Probe probe, int layers) {
        return probe == null ? NONE : new Probes(probe, layers);
    }

    boolean any() {
        return any;
    }

    boolean wants(Stage stage, int layer) {
        return any && wanted[stage.perLayer() ? layer : 0][stage.ordinal()];
    }

    /** Hands over {@code values} (rows of {@code width}) if the probe wants this tensor. */
    void emit(Stage stage, int layer, int firstPosition, int positions, float[] values, int width) {
        if (wants(stage, layer)) {
            deliver(stage, layer, firstPosition, positions, values, new int[] {width});
        }
    }

    /** Hands over {@code values} (rows of {@code heads × perHead}) if the probe wants this tensor. */
    void emit(Stage stage, int layer, int firstPosition, int positions, float[] values, int heads, int perHead) {
        if (wants(stage, layer)) {
            deliver(stage, layer, firstPosition, positions, values, new int[] {heads, perHead});
        }
    }

    private void deliver(Stage stage, int layer, int firstPosition, int positions, float[] values, int[] rowShape) {
        probe.observe(new ProbeTensor(stage.tensorName(layer), stage, stage.perLayer() ? layer : -1, firstPosition,
                positions, rowShape, values));
    }
}
