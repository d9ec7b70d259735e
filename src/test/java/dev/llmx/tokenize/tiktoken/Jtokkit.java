package dev.llmx.tokenize.tiktoken;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * jtokkit 1.1.0, the reference llmx's encoder is checked against: its ids, and its pre-tokenizer pieces (read out of
 * its internals by reflection, so that the very pattern object and parser it runs are the reference).
 */
final class Jtokkit {
    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

    private Jtokkit() {
    }

    static Encoding encoding(String name) {
        return REGISTRY.getEncoding(EncodingType.fromName(name).orElseThrow());
    }

    /** jtokkit's {@code encodeOrdinary} ids. */
    static int[] ids(String name, String text) {
        return encoding(name).encodeOrdinary(text).toArray();
    }

    /** jtokkit's {@code decodeBytes} of one id, or null when it rejects the id. */
    static byte[] decodeBytes(String name, int id) {
        IntArrayList one = new IntArrayList(1);
        one.add(id);
        try {
            return encoding(name).decodeBytes(one);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The pieces jtokkit's pre-tokenizer cuts {@code text} into, as UTF-8 strings. */
    static List<String> pieces(String name, String text) {
        return name.equals("cl100k_base") ? cl100kPieces(text) : regexPieces(name, text);
    }

    /** The compiled pattern (with its flags) jtokkit uses for r50k, p50k and o200k. */
    static Pattern pattern(String name) {
        try {
            Encoding e = encoding(name);
            Field f = e.getClass().getDeclaredField("pattern");
            f.setAccessible(true);
            return (Pattern) f.get(e);
        } catch (ReflectiveOperationException ex) {
            throw new AssertionError("jtokkit internals changed", ex);
        }
    }

    private static List<String> regexPieces(String name, String text) {
        List<String> pieces = new ArrayList<>();
        Matcher m = pattern(name).matcher(text);
        while (m.find()) {
            pieces.add(m.group());
        }
        return pieces;
    }

    private static List<String> cl100kPieces(String text) {
        try {
            Class<?> parser = Class.forName("com.knuddels.jtokkit.Cl100kParser");
            Method split = parser.getDeclaredMethod("split", String.class, Predicate.class);
            split.setAccessible(true);
            Method toArray = Class.forName("com.knuddels.jtokkit.ByteArrayList").getDeclaredMethod("toArray");
            toArray.setAccessible(true);
            List<String> pieces = new ArrayList<>();
            Predicate<Object> collect = bytes -> {
                try {
                    pieces.add(new String((byte[]) toArray.invoke(bytes), StandardCharsets.UTF_8));
                } catch (ReflectiveOperationException ex) {
                    throw new AssertionError(ex);
                }
                return false;
            };
            split.invoke(null, text, collect);
            return pieces;
        } catch (ReflectiveOperationException ex) {
            throw new AssertionError("jtokkit internals changed", ex);
        }
    }
}
