package dev.llmx.safetensors;

import dev.llmx.testing.CliRunner;
import dev.llmx.testing.TestModels;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile safetensors files and model folders: every case must end, through {@code llmx inspect -m FOLDER}, in exit
 * code 1 and one clean line on standard error.
 */
class HostileSafetensorsTest {
    private static final String HEADER = TestModels.smallSafetensorsHeader();
    private static final byte[] DATA = TestModels.smallSafetensorsData();

    @TempDir
    Path dir;

    private Path folder;
    private byte[] valid;
    private final List<String> failures = new ArrayList<>();
    private int cases;

    @BeforeEach
    void writeValidFolder() throws IOException {
        folder = TestModels.writeHfFolder(dir.resolve("model"), HEADER, DATA);
        valid = Files.readAllBytes(folder.resolve("model.safetensors"));
        CliRunner.Result ok = CliRunner.cli().run("inspect", "-m", folder.toString());
        assertEquals(0, ok.exitCode(), ok::toString);
    }

    @Test
    void truncatedAtEveryByte() throws IOException {
        for (int length = 0; length < valid.length; length++) {
            expectOneLineError("truncated to " + length, Arrays.copyOf(valid, length));
        }
        report(valid.length);
    }

    @Test
    void badHeaderLengths() throws IOException {
        long n = HEADER.length();
        for (long v : new long[] {Long.MIN_VALUE, -1L, Long.MAX_VALUE, SafetensorsFile.MAX_HEADER_BYTES + 1, valid.length,
            n + 1, n - 1, 0, 1}) {
            byte[] b = valid.clone();
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, v);
            expectOneLineError("header length " + Long.toUnsignedString(v), b);
        }
        report(9);
    }

    @Test
    void badHeaderContents() throws IOException {
        String embd = "\"model.embed_tokens.weight\":{\"dtype\":\"F32\",\"shape\":[2,4],\"data_offsets\":[0,32]}";
        String[][] edits = {
            {"dtype U8", "\"dtype\":\"F32\"", "\"dtype\":\"U8\""},
            {"dtype F8_E4M3", "\"dtype\":\"F32\"", "\"dtype\":\"F8_E4M3\""},
            {"dtype lower case", "\"dtype\":\"F32\"", "\"dtype\":\"f32\""},
            {"dtype a number", "\"dtype\":\"F32\"", "\"dtype\":5"},
            {"dtype missing", "\"dtype\":\"F32\",", ""},
            {"shape negative", "\"shape\":[2,4]", "\"shape\":[-2,4]"},
            {"shape huge", "\"shape\":[2,4]", "\"shape\":[9223372036854775807,4]"},
            {"shape beyond long", "\"shape\":[2,4]", "\"shape\":[99999999999999999999,4]"},
            {"shape overflows", "\"shape\":[2,4]", "\"shape\":[4294967296,4294967296]"},
            {"shape fractional", "\"shape\":[2,4]", "\"shape\":[2.5,4]"},
            {"shape a string", "\"shape\":[2,4]", "\"shape\":\"2x4\""},
            {"shape too many dims", "\"shape\":[2,4]", "\"shape\":[1,1,1,1,1,1,1,1,2,4]"},
            {"shape wrong size", "\"shape\":[2,4]", "\"shape\":[2,5]"},
            {"offsets one number", "\"data_offsets\":[0,32]", "\"data_offsets\":[32]"},
            {"offsets reversed", "\"data_offsets\":[0,32]", "\"data_offsets\":[32,0]"},
            {"offsets negative", "\"data_offsets\":[0,32]", "\"data_offsets\":[-32,0]"},
            {"offsets huge", "\"data_offsets\":[0,32]", "\"data_offsets\":[9223372036854775775,9223372036854775807]"},
            {"offsets past end", "\"data_offsets\":[0,32]", "\"data_offsets\":[48,80]"},
            {"offsets overlap", "\"data_offsets\":[0,32]", "\"data_offsets\":[8,40]"},
            {"offsets a string", "\"data_offsets\":[0,32]", "\"data_offsets\":\"0-32\""},
            {"duplicate tensor", embd, embd + "," + embd},
            {"entry not an object", embd, "\"model.embed_tokens.weight\":[1,2]"},
            {"metadata not an object", "\"__metadata__\":{\"format\":\"pt\"}", "\"__metadata__\":7"},
            {"metadata value a number", "\"__metadata__\":{\"format\":\"pt\"}", "\"__metadata__\":{\"format\":1}"},
            {"root an array", HEADER, "[1,2,3]"},
            {"not JSON", HEADER, "{\"model.embed_tokens.weight\":"},
            {"binary garbage", HEADER, "\u0000\u0001\u0002"},
            {"deep nesting", HEADER, "[".repeat(5000) + "]".repeat(5000)},
        };
        for (String[] e : edits) {
            assertTrue(HEADER.contains(e[1]), e[0]);
            expectOneLineError(e[0], TestModels.safetensors(HEADER.replace(e[1], e[2]), DATA));
        }
        expectOneLineError("gap between tensors", TestModels.safetensors(HEADER.replace("[32,40]", "[36,44]")
                .replace("[40,48]", "[44,52]"), Arrays.copyOf(DATA, 52)));
        expectOneLineError("trailing bytes", TestModels.safetensors(HEADER, Arrays.copyOf(DATA, DATA.length + 4)));
        report(edits.length + 2);
    }

    @Test
    void badFolders() throws IOException {
        Files.writeString(folder.resolve("config.json"), "{\"model_type\": ");
        expectFolderError("config.json not JSON");
        Files.writeString(folder.resolve("config.json"), "{\"hidden_size\": 4}");
        expectFolderError("no model_type");
        Files.writeString(folder.resolve("config.json"), "{\"model_type\": \"llama\", \"hidden_size\": \"four\"}");
        expectFolderError("hidden_size a string");
        Files.writeString(folder.resolve("config.json"), "{\"model_type\": \"llama\", \"num_hidden_layers\": 1.5}");
        expectFolderError("layers fractional");
        Files.delete(folder.resolve("config.json"));
        expectFolderError("no config.json");
        TestModels.writeHfFolder(folder, HEADER, DATA);

        Path index = folder.resolve(HfFolder.INDEX);
        for (String shard : new String[] {"../model.safetensors", "/etc/passwd", "missing.safetensors", "config.json", ""}) {
            Files.writeString(index, "{\"weight_map\": {\"model.embed_tokens.weight\": \"" + shard + "\"}}");
            expectFolderError("index points to '" + shard + "'");
        }
        Files.writeString(index, "{\"weight_map\": {\"model.embed_tokens.weight\": \"model.safetensors\", \"lm_head.weight\": \"model.safetensors\"}}");
        expectFolderError("index names a tensor the shard lacks");
        Files.writeString(index, "{\"weight_map\": []}");
        expectFolderError("weight_map not an object");
        Files.writeString(index, "{\"weight_map\": {}}");
        expectFolderError("weight_map empty");
        Files.delete(index);

        Files.copy(folder.resolve("model.safetensors"), folder.resolve("model-00002-of-00002.safetensors"));
        Files.delete(folder.resolve("model.safetensors"));
        Files.copy(folder.resolve("model-00002-of-00002.safetensors"), folder.resolve("model-00001-of-00002.safetensors"));
        expectFolderError("two shards, no index");
        Files.writeString(index, "{\"weight_map\": {\"model.embed_tokens.weight\": \"model-00001-of-00002.safetensors\","
                + " \"model.norm.weight\": \"model-00002-of-00002.safetensors\"}}");
        expectFolderError("the same tensors in two shards");
        report(15);
    }

    private void expectFolderError(String what) {
        cases++;
        check(what, CliRunner.cli().run("inspect", "-m", folder.toString()));
    }

    private void expectOneLineError(String what, byte[] content) throws IOException {
        cases++;
        Files.write(folder.resolve("model.safetensors"), content);
        check(what, CliRunner.cli().run("inspect", "-m", folder.toString()));
    }

    private void check(String what, CliRunner.Result r) {
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
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases + " hostile inputs were not refused cleanly:\n"
                + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
    }
}
