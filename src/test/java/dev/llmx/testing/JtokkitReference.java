package dev.llmx.testing;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;

/** jtokkit, called directly: the reference that llmx's tiktoken encodings are checked against. */
public final class JtokkitReference {
    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

    private JtokkitReference() {
    }

    public static Encoding encoding(String name) {
        return REGISTRY.getEncoding(EncodingType.fromName(name).orElseThrow());
    }

    public static int[] ids(String encoding, String text) {
        return encoding(encoding).encodeOrdinary(text).toArray();
    }

    public static byte[] bytes(String encoding, int id) {
        IntArrayList one = new IntArrayList(1);
        one.add(id);
        return encoding(encoding).decodeBytes(one);
    }
}
