package dev.llmx.tokenize.tiktoken;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import dev.llmx.tokenize.Encoded;
import dev.llmx.tokenize.Tokenizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One of OpenAI's tiktoken encodings (interim: backed directly by jtokkit).
 */
public final class TiktokenEncoding implements Tokenizer {
    /** The encodings offered, in the order they appeared. */
    public static final List<String> NAMES = List.of("r50k_base", "p50k_base", "cl100k_base", "o200k_base");

    private final String name;
    private final Encoding encoding;
    private final Map<String, Integer> specials;
    private final int vocabSize;

    private TiktokenEncoding(String name, Encoding encoding, Map<String, Integer> specials, int vocabSize) {
        this.name = name;
        this.encoding = encoding;
        this.specials = specials;
        this.vocabSize = vocabSize;
    }

    public static TiktokenEncoding load(String name) {
        EncodingType type = EncodingType.fromName(name).orElseThrow(
                () -> new IllegalArgumentException("unknown tiktoken encoding " + name));
        Encoding e = Encodings.newLazyEncodingRegistry().getEncoding(type);
        Map<String, Integer> specials = new LinkedHashMap<>();
        int vocab;
        switch (name) {
            case "r50k_base", "p50k_base" -> {
                specials.put("<|endoftext|>", 50256);
                vocab = name.equals("r50k_base") ? 50257 : 50281;
            }
            case "cl100k_base" -> {
                specials.put("<|endoftext|>", 100257);
                specials.put("<|fim_prefix|>", 100258);
                specials.put("<|fim_middle|>", 100259);
                specials.put("<|fim_suffix|>", 100260);
                specials.put("<|endofprompt|>", 100276);
                vocab = 100277;
            }
            default -> {
                specials.put("<|endoftext|>", 199999);
                specials.put("<|endofprompt|>", 200018);
                vocab = 200019;
            }
        }
        return new TiktokenEncoding(name, e, specials, vocab);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public Encoded encode(String text, boolean parseSpecial) {
        List<Integer> ids = new ArrayList<>();
        if (parseSpecial) {
            int pos = 0;
            while (pos < text.length()) {
                int best = -1;
                String bestToken = null;
                for (String s : specials.keySet()) {
                    int at = text.indexOf(s, pos);
                    if (at >= 0 && (best < 0 || at < best)) {
                        best = at;
                        bestToken = s;
                    }
                }
                int end = best < 0 ? text.length() : best;
                addOrdinary(text.substring(pos, end), ids);
                if (best < 0) {
                    break;
                }
                ids.add(specials.get(bestToken));
                pos = best + bestToken.length();
            }
        } else {
            addOrdinary(text, ids);
        }
        int[] idArray = ids.stream().mapToInt(Integer::intValue).toArray();
        int[] starts = new int[idArray.length];
        int[] ends = new int[idArray.length];
        int offset = 0;
        for (int i = 0; i < idArray.length; i++) {
            starts[i] = offset;
            offset += bytes(idArray[i]).length;
            ends[i] = offset;
        }
        return new Encoded(idArray, starts, ends);
    }

    private void addOrdinary(String text, List<Integer> ids) {
        IntArrayList list = encoding.encodeOrdinary(text);
        for (int i = 0; i < list.size(); i++) {
            ids.add(list.get(i));
        }
    }

    @Override
    public boolean isValid(int id) {
        if (specials.containsValue(id)) {
            return true;
        }
        if (id < 0 || id >= vocabSize) {
            return false;
        }
        try {
            bytes(id);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public byte[] bytes(int id) {
        for (Map.Entry<String, Integer> e : specials.entrySet()) {
            if (e.getValue() == id) {
                return e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        IntArrayList one = new IntArrayList(1);
        one.add(id);
        return encoding.decodeBytes(one);
    }

    @Override
    public boolean isSpecial(int id) {
        return specials.containsValue(id);
    }
}
