package dev.llmx.tensor.kernel;

/**
 * Per-thread working arrays of the kernels and their callers: a row decoded to floats, a tile of decoded rows,
 * rounded activations. They grow to the largest row seen and are then reused, so steady-state inference allocates
 * no arrays.
 */
public final class Scratch {
    private float[] floats = new float[0];
    private float[] tile = new float[0];
    private float[] activations = new float[0];
    private final Q8KActivations q8k = new Q8KActivations();
    private final Q80Activations q80 = new Q80Activations();

    /** A float row for kernels (a decoded row, sums of x per block). */
    public float[] floats(int n) {
        if (floats.length < n) {
            floats = new float[n];
        }
        return floats;
    }

    /** The rounded activations a matrix product multiplies (filled by the thread that starts it). */
    public float[] activations(int n) {
        if (activations.length < n) {
            activations = new float[n];
        }
        return activations;
    }

    /** The Q8_K form of a matrix × vector's activations (filled by the thread that starts the product). */
    public Q8KActivations q8k() {
        return q8k;
    }

    /** The Q8_0 form of a matrix × vector's activations (filled by the thread that starts the product). */
    public Q80Activations q80() {
        return q80;
    }

    /** A second float array for callers of kernels (the decoded rows of a matrix × matrix tile). */
    public float[] tile(int n) {
        if (tile.length < n) {
            tile = new float[n];
        }
        return tile;
    }
}
