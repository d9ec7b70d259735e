package dev.llmx.gguf;

import dev.llmx.tensor.GgmlType;
import dev.llmx.testing.CliRunner;
import dev.llmx.testing.TestModels;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile GGUF files: a valid small file truncated at every byte, and mutated at every structural header field
 * (lengths, counts, type ids, dimensions, offsets, alignment). Every case must end, through {@code llmx inspect -m},
 * in exit code 1 and exactly one line on standard error that names the problem: no stack trace, no "internal error",
 * no out-of-memory.
 */
class HostileGgufTest {
    private static final long[] HUGE = {Long.MIN_VALUE, -1L, Long.MAX_VALUE, 1L << 32, 1L << 40};

    @TempDir
    Path dir;

    private byte[] valid;
    private Path file;
    private final List<String> failures = new ArrayList<>();
    private int cases;

    @BeforeEach
    void writeValidFile() throws IOException {
        valid = Files.readAllBytes(TestModels.writeSmallGguf(dir));
        file = dir.resolve("hostile.gguf");
        Files.write(file, valid);
        CliRunner.Result ok = CliRunner.cli().run("inspect", "-m", file.toString());
        assertEquals(0, ok.exitCode(), ok::toString);
    }

    @Test
    void truncatedAtEveryByte() throws IOException {
        for (int length = 0; length < valid.length; length++) {
            expectOneLineError("truncated to " + length + " bytes", Arrays.copyOf(valid, length));
        }
        report(valid.length);
    }

    @Test
    void hugeLengthsAndCounts() throws IOException {
        for (Field f : fields()) {
            if (f.kind == Kind.LENGTH || f.kind == Kind.COUNT) {
                for (long v : HUGE) {
                    expectOneLineError(f + " = " + Long.toUnsignedString(v), with(f, v));
                }
                expectOneLineError(f + " = file size", with(f, valid.length));
            }
        }
        report(100);
    }

    @Test
    void unknownTypeIds() throws IOException {
        for (Field f : fields()) {
            switch (f.kind) {
                case VALUE_TYPE -> {
                    for (long v : new long[] {13, 255, 0xFFFFFFFFL}) {
                        expectOneLineError(f + " = " + v, with(f, v));
                    }
                }
                case TENSOR_TYPE -> {
                    for (long v : new long[] {4, 5, 31, 36, 64, 0xFFFFFFFFL}) {
                        expectOneLineError(f + " = " + v, with(f, v));
                    }
                }
                case DIMS -> {
                    for (long v : new long[] {5, 0xFFFFFFFFL}) {
                        expectOneLineError(f + " = " + v, with(f, v));
                    }
                }
                default -> {
                }
            }
        }
        report(10);
    }

    @Test
    void badShapesOffsetsAndAlignment() throws IOException {
        List<Field> offsets = fields().stream().filter(f -> f.kind == Kind.OFFSET).toList();
        for (Field f : fields()) {
            switch (f.kind) {
                case DIM -> {
                    for (long v : new long[] {Long.MIN_VALUE, -1L, 1L << 40, 1L << 62, 33}) {
                        expectOneLineError(f + " = " + v, with(f, v));
                    }
                }
                case OFFSET -> {
                    long own = read(f);
                    for (long v : new long[] {Long.MIN_VALUE, -1L, valid.length, own + 1, own + 16, 1L << 40}) {
                        expectOneLineError(f + " = " + v, with(f, v));
                    }
                    for (Field other : offsets) {
                        if (!other.equals(f)) {
                            expectOneLineError(f + " = " + other.label + " (overlap)", with(f, read(other)));
                        }
                    }
                }
                case ALIGNMENT -> {
                    for (long v : new long[] {0, 3, 48, 1L << 20, 1L << 31, 0xFFFFFFFFL}) {
                        expectOneLineError(f + " = " + v, with(f, v));
                    }
                }
                default -> {
                }
            }
        }
        report(20);
    }

    @Test
    void badMagicVersionsAndValues() throws IOException {
        byte[] magic = valid.clone();
        magic[3] = 'X';
        expectOneLineError("magic GGUX", magic);
        byte[] ggml = valid.clone();
        System.arraycopy("tjgg".getBytes(StandardCharsets.US_ASCII), 0, ggml, 0, 4);
        expectOneLineError("old GGJT magic", ggml);
        for (long version : new long[] {0, 1, 4, 0x03000000L, 0xFFFFFFFFL}) {
            expectOneLineError("version " + version, with(new Field(4, 4, Kind.COUNT, "version"), version));
        }
        for (Field f : fields()) {
            if (f.kind == Kind.BOOL) {
                expectOneLineError(f + " = 2", with(f, 2));
            }
            if (f.kind == Kind.ALIGNMENT_TYPE) {
                expectOneLineError("general.alignment stored as i32", with(f, GgufValueType.INT32.id()));
            }
        }
        expectOneLineError("duplicate metadata key", duplicateKeyFile());
        expectOneLineError("duplicate tensor name", duplicateTensorFile());
        report(8);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The keys test.u16 and test.i16 differ in one letter; make them equal. */
    private byte[] duplicateKeyFile() {
        byte[] b = valid.clone();
        // Both keys "test.u16" and "test.i16" have 8 letters: turn the second into the first.
        int at = indexOf(b, "test.i16".getBytes(StandardCharsets.US_ASCII));
        b[at + 5] = 'u';
        return b;
    }

    /** Two tensors whose names differ in one letter (attn_q, attn_k), then made equal. */
    private byte[] duplicateTensorFile() throws IOException {
        Path p = dir.resolve("two-names.gguf");
        TestModels.smallGguf().addTensor("blk.0.attn_k.weight", GgmlType.F32, new long[] {8},
                GgufWriter.TensorSource.of(ByteBuffer.allocate(32))).write(p);
        byte[] b = Files.readAllBytes(p);
        int at = indexOf(b, "blk.0.attn_k.weight".getBytes(StandardCharsets.US_ASCII));
        b[at + "blk.0.attn_".length()] = 'q';
        return b;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void expectOneLineError(String what, byte[] content) throws IOException {
        cases++;
        Files.write(file, content);
        CliRunner.Result r = CliRunner.cli().run("inspect", "-m", file.toString());
        String err = r.stderr();
        boolean oneLine = err.endsWith("\n") && err.indexOf('\n') == err.length() - 1;
        boolean clean = err.startsWith("llmx inspect: ") && !err.contains("internal error") && !err.contains("Exception")
                && !err.contains("out of memory") && !err.contains("\tat ");
        if (r.exitCode() != 1 || !oneLine || !clean || r.stdoutBytes().length != 0) {
            failures.add(what + " -> exit " + r.exitCode() + ": " + err.trim());
        }
    }

    private void report(int atLeast) {
        assertTrue(cases >= atLeast, "only " + cases + " cases ran");
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases + " hostile files were not refused cleanly:\n"
                + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
    }

    enum Kind { COUNT, LENGTH, VALUE_TYPE, BOOL, DIMS, DIM, TENSOR_TYPE, OFFSET, ALIGNMENT, ALIGNMENT_TYPE, OTHER }

    record Field(int offset, int width, Kind kind, String label) {
        @Override
        public String toString() {
            return label + " @" + offset;
        }
    }

    private long read(Field f) {
        ByteBuffer b = ByteBuffer.wrap(valid).order(ByteOrder.LITTLE_ENDIAN);
        return f.width == 8 ? b.getLong(f.offset) : f.width == 4 ? b.getInt(f.offset) & 0xFFFFFFFFL : b.get(f.offset) & 0xFF;
    }

    private byte[] with(Field f, long value) {
        byte[] out = valid.clone();
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        switch (f.width) {
            case 8 -> b.putLong(f.offset, value);
            case 4 -> b.putInt(f.offset, (int) value);
            default -> b.put(f.offset, (byte) value);
        }
        return out;
    }

    /** Walks the valid file (trusted: we wrote it) and lists every structural field with its offset. */
    private List<Field> fields() {
        List<Field> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(valid).order(ByteOrder.LITTLE_ENDIAN);
        b.position(8);
        out.add(new Field(8, 8, Kind.COUNT, "tensor count"));
        long tensors = b.getLong();
        out.add(new Field(16, 8, Kind.COUNT, "metadata count"));
        long kvs = b.getLong();
        for (long i = 0; i < kvs; i++) {
            String key = string(b, out, "key");
            out.add(new Field(b.position(), 4, key.equals("general.alignment") ? Kind.ALIGNMENT_TYPE : Kind.VALUE_TYPE,
                    "type of " + key));
            int type = b.getInt();
            if (key.equals("general.alignment")) {
                out.add(new Field(b.position(), 4, Kind.ALIGNMENT, "general.alignment"));
            }
            value(b, type, key, out);
        }
        for (long i = 0; i < tensors; i++) {
            String name = string(b, out, "name");
            out.add(new Field(b.position(), 4, Kind.DIMS, "dims of " + name));
            int dims = b.getInt();
            for (int d = 0; d < dims; d++) {
                out.add(new Field(b.position(), 8, Kind.DIM, "dim " + d + " of " + name));
                b.getLong();
            }
            out.add(new Field(b.position(), 4, Kind.TENSOR_TYPE, "type of " + name));
            b.getInt();
            out.add(new Field(b.position(), 8, Kind.OFFSET, "offset of " + name));
            b.getLong();
        }
        return out;
    }

    private static String string(ByteBuffer b, List<Field> out, String what) {
        int at = b.position();
        int len = (int) b.getLong();
        byte[] s = new byte[len];
        b.get(s);
        String text = new String(s, StandardCharsets.UTF_8);
        out.add(new Field(at, 8, Kind.LENGTH, what + " " + text));
        return text;
    }

    private static void value(ByteBuffer b, int type, String key, List<Field> out) {
        GgufValueType t = GgufValueType.byId(type);
        switch (t) {
            case STRING -> string(b, out, "value of " + key);
            case ARRAY -> {
                out.add(new Field(b.position(), 4, Kind.VALUE_TYPE, "element type of " + key));
                int element = b.getInt();
                out.add(new Field(b.position(), 8, Kind.COUNT, "length of " + key));
                long n = b.getLong();
                for (long i = 0; i < n; i++) {
                    value(b, element, key + "[" + i + "]", out);
                }
            }
            case BOOL -> {
                out.add(new Field(b.position(), 1, Kind.BOOL, key));
                b.get();
            }
            default -> b.position(b.position() + t.minBytes());
        }
    }
}
