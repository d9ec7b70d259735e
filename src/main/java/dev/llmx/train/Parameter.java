package dev.llmx.train;

/**
 * One trainable tensor: its llama.cpp name, its values and the gradient of the loss with respect to them (both
 * F32, row-major: {@code rows × columns}), and its shape in ggml order ({@code columns} first) for the checkpoint.
 */
public final class Parameter {
    private final String name;
    private final int rows;
    private final int columns;
    final float[] value;
    final float[] grad;

    Parameter(String name, int rows, int columns) {
        this.name = name;
        this.rows = rows;
        this.columns = columns;
        long n = (long) rows * columns;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(name + " has too many values to train on the heap (" + n + ")");
        }
        this.value = new float[(int) n];
        this.grad = new float[(int) n];
    }

    public String name() {
        return name;
    }

    /** The tensor's kind without its layer: {@code attn_q}, {@code ffn_down}, {@code token_embd} … */
    public String group() {
        String g = name.startsWith("blk.") ? name.substring(name.indexOf('.', 4) + 1) : name;
        return g.endsWith(".weight") ? g.substring(0, g.length() - ".weight".length()) : g;
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    /** A vector (a norm's weights) rather than a matrix. */
    public boolean isVector() {
        return rows == 1;
    }

    /** The shape as GGUF writes it: row length first. */
    public long[] ggmlShape() {
        return isVector() ? new long[] {columns} : new long[] {columns, rows};
    }

    public float[] values() {
        return value;
    }

    public float[] gradient() {
        return grad;
    }

    public int size() {
        return value.length;
    }

    /** The sum of the squares of {@code a}, accumulated in double in index order. */
    public static double squaredNorm(float[] a) {
        return addSquares(0, a);
    }

    /** {@code sum} plus the squares of {@code a}, added one by one in index order. */
    static double addSquares(double sum, float[] a) {
        for (float v : a) {
            sum += (double) v * v;
        }
        return sum;
    }

    /** Whether every value of {@code a} is finite. */
    public static boolean allFinite(float[] a) {
        for (float v : a) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** The first of {@code tensors} whose gradient holds a NaN or an infinity, or null when all are finite. */
    public static Parameter firstNonFiniteGradient(Iterable<Parameter> tensors) {
        for (Parameter t : tensors) {
            if (!allFinite(t.grad)) {
                return t;
            }
        }
        return null;
    }
}
