package dev.llmx.render;

/**
 * A read-only view of a matrix of numbers for the pictures and tables that show one: attention weights, a weight
 * excerpt, a similarity matrix. Views do not copy: a tensor in mapped memory can be shown as it is.
 */
public interface Matrix {
    int rows();

    int cols();

    double get(int row, int col);

    /** A view over a Java array of rows. */
    static Matrix of(float[][] values) {
        return new Matrix() {
            @Override
            public int rows() {
                return values.length;
            }

            @Override
            public int cols() {
                return values.length == 0 ? 0 : values[0].length;
            }

            @Override
            public double get(int row, int col) {
                return values[row][col];
            }
        };
    }

    /** A view over a row-major array with {@code cols} columns. */
    static Matrix rowMajor(float[] values, int cols) {
        if (cols <= 0 || values.length % cols != 0) {
            throw new IllegalArgumentException(values.length + " values do not make rows of " + cols);
        }
        return new Matrix() {
            @Override
            public int rows() {
                return values.length / cols;
            }

            @Override
            public int cols() {
                return cols;
            }

            @Override
            public double get(int row, int col) {
                return values[row * cols + col];
            }
        };
    }
}
