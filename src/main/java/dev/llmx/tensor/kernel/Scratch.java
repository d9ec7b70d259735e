package dev.llmx.tensor.kernel;

/**
 * Per-thread working arrays of the kernels: a weight row copied out of the mapped file, a row decoded to floats.
 * They grow to the largest row seen and are then reused, so steady-state inference allocates nothing.
 */
public final class Scratch {
    private byte[] bytes = new byte[0];
    private short[] shorts = new short[0];
    private float[] floats = new float[0];
    private float[] tile = new float[0];
    private float[] activations = new float[0];
    private float[] scales = new float[0];

    public byte[] bytes(int n) {
        if (bytes.length < n) {
            bytes = new byte[n];
        }
        return bytes;
    }

    public short[] shorts(int n) {
        if (shorts.length < n) {
            shorts = new short[n];
        }
        return shorts;
    }

    /** A float row for kernels (a decoded row, a row copied from the file). */
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

    /** The block scales of quantized activations (filled by the thread that starts a product). */
    public float[] scales(int n) {
        if (scales.length < n) {
            scales = new float[n];
        }
        return scales;
    }

    /** A second float array for callers of kernels (the decoded rows of a matrix × matrix tile). */
    public float[] tile(int n) {
        if (tile.length < n) {
            tile = new float[n];
        }
        return tile;
    }
}
