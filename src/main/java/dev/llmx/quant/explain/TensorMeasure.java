package dev.llmx.quant.explain;

import dev.llmx.quant.Quantizer;
import dev.llmx.quant.Quantizers;
import dev.llmx.quant.RowWorkers;
import dev.llmx.quant.model.SourceTensor;
import dev.llmx.tensor.Dequantizer;
import dev.llmx.tensor.Dequantizers;
import dev.llmx.tensor.GgmlType;
import dev.llmx.tensor.Histogram;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.LongConsumer;

/**
 * Quantizes a tensor to a type and decodes it again, row by row and in parallel, comparing with the original: the
 * numbers behind "what does Q4_K do to this matrix". Nothing is kept but the statistics.
 */
public final class TensorMeasure {
    private TensorMeasure() {
    }

    /** The sum of squares of a tensor's values (the scale its error is relative to), in one parallel pass. */
    public static ErrorStats exact(SourceTensor t, RowWorkers workers, LongConsumer rowsDone) {
        ErrorStats total = new ErrorStats();
        workers.slices(0, t.rows(), (from, to) -> {
            float[] row = new float[t.rowLength()];
            double sum = 0;
            for (long r = from; r < to; r++) {
                t.readRow(r, row);
                for (float v : row) {
                    sum += (double) v * v;
                }
                rowsDone.accept(1);
            }
            ErrorStats part = new ErrorStats();
            part.addExact((to - from) * (long) row.length, sum);
            total.merge(part);
        });
        return total;
    }

    /** The error of {@code t} quantized to {@code type}. */
    public static ErrorStats measure(SourceTensor t, GgmlType type, RowWorkers workers, LongConsumer rowsDone) {
        ErrorStats total = new ErrorStats();
        workers.slices(0, t.rows(), (from, to) -> {
            RoundTrip trip = new RoundTrip(t, type);
            ErrorStats part = new ErrorStats();
            for (long r = from; r < to; r++) {
                trip.row(r);
                part.add(trip.original, trip.decoded, trip.original.length);
                rowsDone.accept(1);
            }
            total.merge(part);
        });
        return total;
    }

    /** A histogram of the errors of {@code t} quantized to {@code type}, over ±{@code range}. */
    public static Histogram errorHistogram(SourceTensor t, GgmlType type, double range, int bins, RowWorkers workers) {
        Histogram total = new Histogram(-range, range, bins);
        workers.slices(0, t.rows(), (from, to) -> {
            RoundTrip trip = new RoundTrip(t, type);
            float[] errors = new float[t.rowLength()];
            for (long r = from; r < to; r++) {
                trip.row(r);
                for (int i = 0; i < errors.length; i++) {
                    errors[i] = trip.decoded[i] - trip.original[i];
                }
                synchronized (total) {
                    total.add(errors, 0, errors.length);
                }
            }
        });
        return total;
    }

    /** One row's way through the quantizer and back, with buffers reused row after row. */
    public static final class RoundTrip {
        private final SourceTensor tensor;
        private final Quantizer quantizer;
        private final Dequantizer dequantizer;
        final float[] original;
        final float[] decoded;
        final byte[] bytes;
        private final ByteBuffer view;

        public RoundTrip(SourceTensor tensor, GgmlType type) {
            this.tensor = tensor;
            this.quantizer = Quantizers.require(type);
            this.dequantizer = Dequantizers.require(type, tensor.name());
            this.original = new float[tensor.rowLength()];
            this.decoded = new float[tensor.rowLength()];
            this.bytes = new byte[(int) type.bytesFor(tensor.rowLength())];
            this.view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }

        /** Reads row {@code r}, quantizes it into {@link #bytes()} and decodes it into {@link #decoded()}. */
        public void row(long r) {
            tensor.readRow(r, original);
            quantizer.quantize(original, 0, bytes, 0, original.length);
            dequantizer.dequantize(view, 0, decoded, 0, decoded.length);
        }

        public float[] original() {
            return original;
        }

        public float[] decoded() {
            return decoded;
        }

        public byte[] bytes() {
            return bytes;
        }
    }
}
