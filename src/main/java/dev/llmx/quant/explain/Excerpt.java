package dev.llmx.quant.explain;

import dev.llmx.render.Matrix;
import dev.llmx.render.NumberGrid;

import java.util.List;

/**
 * The corners of a matrix: the values at the first and last {@code edge} rows and columns (the rows and columns
 * {@link NumberGrid#excerpt} shows), kept without the rest of the matrix.
 */
public final class Excerpt implements Matrix {
    private final int rows;
    private final int cols;
    private final List<Integer> rowIndices;
    private final List<Integer> colIndices;
    private final double[][] values;

    /** @param rowReader fills a buffer with row r of the matrix */
    public Excerpt(int rows, int cols, int edge, RowReader rowReader) {
        this.rows = rows;
        this.cols = cols;
        this.rowIndices = NumberGrid.indices(rows, edge);
        this.colIndices = NumberGrid.indices(cols, edge);
        this.values = new double[rowIndices.size()][colIndices.size()];
        float[] row = new float[cols];
        for (int i = 0; i < rowIndices.size(); i++) {
            int r = rowIndices.get(i);
            if (r < 0) {
                java.util.Arrays.fill(values[i], Double.NaN);
                continue;
            }
            rowReader.read(r, row);
            for (int j = 0; j < colIndices.size(); j++) {
                int c = colIndices.get(j);
                values[i][j] = c < 0 ? Double.NaN : row[c];
            }
        }
    }

    @FunctionalInterface
    public interface RowReader {
        void read(long row, float[] dst);
    }

    /** Row indices shown, −1 standing for the rows left out. */
    public List<Integer> rowIndices() {
        return rowIndices;
    }

    public List<Integer> colIndices() {
        return colIndices;
    }

    /** Values at ({@link #rowIndices()}[i], {@link #colIndices()}[j]); NaN in a gap. */
    public double[][] values() {
        double[][] copy = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            copy[i] = values[i].clone();
        }
        return copy;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public double get(int row, int col) {
        int i = rowIndices.indexOf(row);
        int j = colIndices.indexOf(col);
        if (i < 0 || j < 0) {
            throw new IllegalArgumentException("(" + row + ", " + col + ") is not in the excerpt");
        }
        return values[i][j];
    }
}
