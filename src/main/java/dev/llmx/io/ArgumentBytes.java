package dev.llmx.io;

import dev.llmx.LlmxException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The program's arguments as the bytes the user typed. The JVM decodes argv with the locale's charset and silently
 * turns what it cannot decode into U+FFFD (under LANG=C, every non-ASCII character), while llmx reads all text as
 * strict UTF-8 and reports invalid bytes with their offset, as it does on standard input. On Linux
 * {@code /proc/self/cmdline} holds the raw bytes: its last {@code args.length} entries are the arguments.
 */
public final class ArgumentBytes {
    private static final Path CMDLINE = Path.of("/proc/self/cmdline");

    private ArgumentBytes() {
    }

    /** The arguments decoded from this process's command line; {@code args} itself when that cannot be read. */
    public static String[] of(String[] args) {
        boolean suspicious = !"UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding", "UTF-8"));
        for (String a : args) {
            suspicious |= a.indexOf('\uFFFD') >= 0;
        }
        if (!suspicious || !Files.isReadable(CMDLINE)) {
            return args;
        }
        try {
            return decode(args, Files.readAllBytes(CMDLINE));
        } catch (IOException e) {
            return args;
        }
    }

    /**
     * {@code args} re-read from {@code cmdline} (NUL-terminated entries) as strict UTF-8; {@code args} unchanged when
     * the entries do not line up with them (an ASCII argument that differs).
     *
     * @throws LlmxException an argument that is not valid UTF-8, with its number and the byte offset
     */
    public static String[] decode(String[] args, byte[] cmdline) {
        List<byte[]> entries = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < cmdline.length; i++) {
            if (cmdline[i] == 0) {
                entries.add(java.util.Arrays.copyOfRange(cmdline, start, i));
                start = i + 1;
            }
        }
        if (entries.size() < args.length) {
            return args;
        }
        List<byte[]> raw = entries.subList(entries.size() - args.length, entries.size());
        for (int i = 0; i < args.length; i++) {
            boolean ascii = args[i].chars().allMatch(c -> c < 0x80);
            if (ascii && !args[i].equals(new String(raw.get(i), StandardCharsets.ISO_8859_1))) {
                return args;
            }
        }
        String[] out = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            out[i] = Utf8.decodeStrict(raw.get(i), "argument " + (i + 1) + " ('"
                    + new String(raw.get(i), StandardCharsets.UTF_8) + "')", 0);
        }
        return out;
    }
}
