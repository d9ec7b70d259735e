package dev.llmx.tokenize.tiktoken;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;

/**
 * Build-time tool: converts jtokkit's {@code .tiktoken} vocabularies (one "base64-token rank" line per token) into
 * the binary tables {@link RankTable} reads. Run by the Maven build at {@code process-classes} with jtokkit on the
 * class path; the shaded jar carries only its output, neither jtokkit nor this class.
 *
 * <p>Deterministic: the same vocabulary always gives the same bytes (no timestamps, insertion in rank order).
 *
 * <p>Usage: {@code RankTableGenerator OUTPUT_CLASSES_DIR}
 */
public final class RankTableGenerator {
    private static final String SOURCE = "/com/knuddels/jtokkit/%s.tiktoken";

    private RankTableGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: RankTableGenerator OUTPUT_CLASSES_DIR");
        }
        Path dir = Path.of(args[0]);
        for (String name : TiktokenEncoding.NAMES) {
            Path out = dir.resolve(TiktokenEncoding.tableResource(name).substring(1));
            Files.createDirectories(out.getParent());
            Files.write(out, generate(name));
        }
    }

    /** The binary table for encoding {@code name}, from jtokkit's resource on the class path. */
    static byte[] generate(String name) throws IOException {
        String resource = String.format(SOURCE, name);
        try (InputStream in = RankTableGenerator.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " not on the class path (jtokkit missing?)");
            }
            return build(readRanks(in, resource));
        }
    }

    /** Token bytes indexed by rank; null for ranks the file does not define. */
    private static byte[][] readRanks(InputStream in, String resource) throws IOException {
        byte[][] byRank = new byte[1024][];
        int slots = 0;
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
        for (String line; (line = reader.readLine()) != null; ) {
            if (line.isEmpty()) {
                continue;
            }
            int space = line.indexOf(' ');
            if (space < 0) {
                throw new IOException(resource + ": bad line '" + line + "'");
            }
            byte[] token = Base64.getDecoder().decode(line.substring(0, space));
            int rank = Integer.parseInt(line.substring(space + 1));
            if (rank < 0 || token.length == 0) {
                throw new IOException(resource + ": bad token for rank " + rank);
            }
            while (rank >= byRank.length) {
                byRank = Arrays.copyOf(byRank, byRank.length * 2);
            }
            if (byRank[rank] != null) {
                throw new IOException(resource + ": rank " + rank + " twice");
            }
            byRank[rank] = token;
            slots = Math.max(slots, rank + 1);
        }
        return Arrays.copyOf(byRank, slots);
    }

    private static int singleByteRank(byte[][] byRank, int b) {
        for (int rank = 0; rank < byRank.length; rank++) {
            if (byRank[rank] != null && byRank[rank].length == 1 && (byRank[rank][0] & 0xff) == b) {
                return rank;
            }
        }
        throw new IllegalStateException("no token for byte " + b + ": not a byte-level BPE vocabulary");
    }

    private static byte[] build(byte[][] byRank) {
        int slots = byRank.length;
        int poolSize = 0;
        int count = 0;
        int maxTokenLength = 0;
        for (byte[] token : byRank) {
            if (token != null) {
                poolSize += token.length;
                count++;
                maxTokenLength = Math.max(maxTokenLength, token.length);
            }
        }
        int rankBits = 32 - Integer.numberOfLeadingZeros(slots); // rank+1 <= slots < 2^rankBits
        // At least twice as many entries as tokens keeps linear probing short (load factor <= 0.5).
        int tableBits = 32 - Integer.numberOfLeadingZeros(2 * count - 1);
        int[] table = new int[1 << tableBits];
        int mask = table.length - 1;
        for (int rank = 0; rank < slots; rank++) {
            byte[] token = byRank[rank];
            if (token == null) {
                continue;
            }
            int h = RankTable.hash(token, 0, token.length);
            int i = h & mask;
            while (table[i] != 0) {
                if (Arrays.equals(byRank[(table[i] & ((1 << rankBits) - 1)) - 1], token)) {
                    throw new IllegalStateException("token of rank " + rank + " appears twice");
                }
                i = (i + 1) & mask;
            }
            table[i] = ((h >>> rankBits) << rankBits) | (rank + 1);
        }

        ByteBuffer out = ByteBuffer.allocate(RankTable.HEADER_BYTES + 4 * (256 + slots + 1) + poolSize
                + 4 * table.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(RankTable.MAGIC);
        out.putInt(slots).putInt(poolSize).putInt(maxTokenLength).putInt(rankBits).putInt(tableBits);
        for (int b = 0; b < 256; b++) {
            out.putInt(singleByteRank(byRank, b));
        }
        int offset = 0;
        out.putInt(offset);
        for (byte[] token : byRank) {
            offset += token == null ? 0 : token.length;
            out.putInt(offset);
        }
        for (byte[] token : byRank) {
            if (token != null) {
                out.put(token);
            }
        }
        for (int entry : table) {
            out.putInt(entry);
        }
        return out.array();
    }
}
