package dev.llmx.quant.explain;

import dev.llmx.tensor.GgmlType;
import dev.llmx.tensor.HalfFloat;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One block of a quantized row taken apart: the stored scale fields, the effective scale and minimum of each
 * sub-block, and the formula that turns a code back into a value. Every linear type decodes as
 * {@code x = scale·q − min} per sub-block (IQ4's q is a level from its table), which is how the codes of a block are
 * recovered from its decoded values.
 *
 * @param fields the stored fields as they are in the block: {@code d}, {@code dmin} (floats), {@code scales},
 *               {@code mins} (small integers, before the bias some types subtract)
 * @param scales the effective scale of each sub-block (d × its integer scale)
 * @param mins   the effective minimum of each sub-block, subtracted after scaling
 */
public record BlockAnatomy(GgmlType type, String formula, int subBlockSize, Map<String, Object> fields,
                           double[] scales, double[] mins) {

    /** The codes of the first {@code n} values of the block, recovered from their decoded values. */
    public int[] codes(float[] decoded, int n) {
        int[] out = new int[Math.min(n, decoded.length)];
        for (int j = 0; j < out.length; j++) {
            int g = j / subBlockSize;
            out[j] = scales[g] == 0 ? 0 : (int) Math.round((decoded[j] + mins[g]) / scales[g]);
        }
        return out;
    }

    /** The anatomy of the first block in {@code row} (a row of {@code type}), or null for the float types. */
    public static BlockAnatomy of(GgmlType type, byte[] row) {
        Map<String, Object> f = new LinkedHashMap<>();
        return switch (type) {
            case Q8_0 -> single(type, "x = d·q, q ∈ −127…127 (int8)", row, 0, 0, f);
            case Q4_0 -> single(type, "x = d·q, q ∈ −8…7 (stored as q + 8 in a nibble)", row, 0, 0, f);
            case Q5_0 -> single(type, "x = d·q, q ∈ −16…15 (nibble + a fifth bit, stored as q + 16)", row, 0, 0, f);
            case Q4_1 -> single(type, "x = d·q + m, q ∈ 0…15", row, 0, -half(row, 2), withM(f, row));
            case Q5_1 -> single(type, "x = d·q + m, q ∈ 0…31", row, 0, -half(row, 2), withM(f, row));
            case IQ4_NL -> single(type, "x = d·level[q], level ∈ {−127, −104, …, 89, 113} (non-linear)", row, 0, 0, f);
            case Q2_K -> q2k(row, f);
            case Q3_K -> q3k(row, f);
            case Q4_K -> q45k(type, "x = d·scale_j·q − dmin·min_j, q ∈ 0…15, 8 sub-blocks of 32", row, f);
            case Q5_K -> q45k(type, "x = d·scale_j·q − dmin·min_j, q ∈ 0…31, 8 sub-blocks of 32", row, f);
            case Q6_K -> q6k(row, f);
            case IQ4_XS -> iq4xs(row, f);
            default -> null;
        };
    }

    private static double half(byte[] b, int at) {
        return HalfFloat.f16ToFloat((b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8);
    }

    private static Map<String, Object> withM(Map<String, Object> f, byte[] row) {
        f.put("m", half(row, 2));
        return f;
    }

    private static BlockAnatomy single(GgmlType type, String formula, byte[] row, int dAt, double min,
                                       Map<String, Object> fields) {
        double d = half(row, dAt);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("d", d);
        f.putAll(fields);
        return new BlockAnatomy(type, formula, type.blockSize(), f, new double[] {d}, new double[] {min});
    }

    private static BlockAnatomy q2k(byte[] b, Map<String, Object> f) {
        double d = half(b, 80);
        double dmin = half(b, 82);
        int[] sc = new int[16];
        int[] mn = new int[16];
        double[] scales = new double[16];
        double[] mins = new double[16];
        for (int j = 0; j < 16; j++) {
            sc[j] = b[j] & 0xF;
            mn[j] = (b[j] & 0xFF) >>> 4;
            scales[j] = d * sc[j];
            mins[j] = dmin * mn[j];
        }
        f.put("d", d);
        f.put("dmin", dmin);
        f.put("scales", sc);
        f.put("mins", mn);
        return new BlockAnatomy(GgmlType.Q2_K, "x = d·scale_j·q − dmin·min_j, q ∈ 0…3, 16 sub-blocks of 16"
                + " (4-bit scale and min each)", 16, f, scales, mins);
    }

    private static BlockAnatomy q3k(byte[] b, Map<String, Object> f) {
        double d = half(b, 108);
        int[] sc = new int[16];
        double[] scales = new double[16];
        for (int j = 0; j < 16; j++) {
            int lowByte = b[96 + (j & 7)] & 0xFF;
            int low = j < 8 ? lowByte & 0x0F : lowByte >>> 4;
            int high = ((b[96 + 8 + (j & 3)] & 0xFF) >>> (2 * (j / 4))) & 3;
            sc[j] = (low | high << 4) - 32;
            scales[j] = d * sc[j];
        }
        f.put("d", d);
        f.put("scales", sc);
        return new BlockAnatomy(GgmlType.Q3_K, "x = d·scale_j·q, q ∈ −4…3, 16 sub-blocks of 16 (6-bit signed scales)",
                16, f, scales, new double[16]);
    }

    private static BlockAnatomy q45k(GgmlType type, String formula, byte[] b, Map<String, Object> f) {
        double d = half(b, 0);
        double dmin = half(b, 2);
        int[] sc = new int[8];
        int[] mn = new int[8];
        double[] scales = new double[8];
        double[] mins = new double[8];
        for (int j = 0; j < 8; j++) {
            if (j < 4) {
                sc[j] = b[4 + j] & 63;
                mn[j] = b[8 + j] & 63;
            } else {
                int packed = b[8 + j] & 0xFF;
                sc[j] = (packed & 0x0F) | ((b[j] & 0xFF) >>> 6) << 4;
                mn[j] = (packed >>> 4) | ((b[4 + j] & 0xFF) >>> 6) << 4;
            }
            scales[j] = d * sc[j];
            mins[j] = dmin * mn[j];
        }
        f.put("d", d);
        f.put("dmin", dmin);
        f.put("scales", sc);
        f.put("mins", mn);
        return new BlockAnatomy(type, formula + " (6-bit scale and min each)", 32, f, scales, mins);
    }

    private static BlockAnatomy q6k(byte[] b, Map<String, Object> f) {
        double d = half(b, 208);
        int[] sc = new int[16];
        double[] scales = new double[16];
        for (int j = 0; j < 16; j++) {
            sc[j] = b[192 + j];
            scales[j] = d * sc[j];
        }
        f.put("d", d);
        f.put("scales", sc);
        return new BlockAnatomy(GgmlType.Q6_K, "x = d·scale_j·q, q ∈ −32…31, 16 sub-blocks of 16 (int8 scales)", 16, f,
                scales, new double[16]);
    }

    private static BlockAnatomy iq4xs(byte[] b, Map<String, Object> f) {
        double d = half(b, 0);
        int high = (b[2] & 0xFF) | (b[3] & 0xFF) << 8;
        int[] sc = new int[8];
        double[] scales = new double[8];
        for (int j = 0; j < 8; j++) {
            int low = ((b[4 + j / 2] & 0xFF) >>> (4 * (j % 2))) & 0x0F;
            sc[j] = (low | ((high >>> (2 * j)) & 3) << 4) - 32;
            scales[j] = d * sc[j];
        }
        f.put("d", d);
        f.put("scales", sc);
        return new BlockAnatomy(GgmlType.IQ4_XS, "x = d·scale_j·level[q], 8 sub-blocks of 32 (6-bit signed scales),"
                + " level ∈ {−127, −104, …, 89, 113}", 32, f, scales, new double[8]);
    }
}
