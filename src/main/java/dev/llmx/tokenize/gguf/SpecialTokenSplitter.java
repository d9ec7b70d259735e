package dev.llmx.tokenize.gguf;

import dev.llmx.tokenize.text.ByteTrie;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts special tokens out of the text before the tokenizer model runs, as llama.cpp's
 * {@code tokenizer_st_partition} does: candidates are the control, unknown and user-defined tokens, longest text
 * first; each in turn claims its leftmost non-overlapping occurrences in what is still plain text. Control and
 * unknown tokens take part only when special tokens are parsed; user-defined ones always do. A token marked
 * lstrip/rstrip also swallows the whitespace next to it.
 *
 * <p>Instead of llama.cpp's repeated string search per candidate, one trie pass lists every occurrence; processing
 * them in (candidate priority, position) order gives the same cuts in time linear in the text.
 */
final class SpecialTokenSplitter {
    /** One piece of the input: plain text {@code [start, end)} when {@code id < 0}, else a special token there. */
    record Fragment(int id, int start, int end) {
        boolean isText() {
            return id < 0;
        }
    }

    private final byte[][] texts;
    private final int[] attrs;
    private final int[] rank;
    private final int[] byRank;
    private final ByteTrie all = new ByteTrie();
    private final ByteTrie userDefinedOnly = new ByteTrie();

    /**
     * @param candidates the special token ids in llama.cpp's order (longest text first)
     */
    SpecialTokenSplitter(byte[][] texts, int[] attrs, int[] candidates) {
        this.texts = texts;
        this.attrs = attrs;
        this.rank = new int[texts.length];
        this.byRank = candidates.clone();
        for (int r = 0; r < candidates.length; r++) {
            int id = candidates[r];
            rank[id] = r;
            all.put(texts[id], id);
            if ((attrs[id] & (TokenAttr.CONTROL | TokenAttr.UNKNOWN)) == 0) {
                userDefinedOnly.put(texts[id], id);
            }
        }
    }

    List<Fragment> split(byte[] text, boolean parseSpecial) {
        List<Fragment> out = new ArrayList<>();
        if (text.length == 0) {
            return out;
        }
        ByteTrie trie = parseSpecial ? all : userDefinedOnly;
        long[] occurrences = trie.isEmpty() ? new long[0] : occurrences(text, trie);
        if (occurrences.length == 0) {
            out.add(new Fragment(-1, 0, text.length));
            return out;
        }
        // 0 = plain text, 1 = inside a special token, 2 = whitespace dropped by lstrip/rstrip.
        byte[] claimed = new byte[text.length];
        long[] accepted = new long[Math.min(occurrences.length, 16)];
        int found = 0;
        for (long occurrence : occurrences) {
            int id = byRank[(int) (occurrence >>> 32)];
            int pos = (int) occurrence;
            int end = pos + texts[id].length;
            if (!isFree(claimed, pos, end)) {
                continue;
            }
            Arrays.fill(claimed, pos, end, (byte) 1);
            if (found == accepted.length) {
                accepted = Arrays.copyOf(accepted, found * 2);
            }
            accepted[found++] = ((long) pos << 32) | id;
            if ((attrs[id] & TokenAttr.LSTRIP) != 0) {
                for (int i = pos - 1; i >= 0 && claimed[i] == 0 && isSpace(text[i]); i--) {
                    claimed[i] = 2;
                }
            }
            if ((attrs[id] & TokenAttr.RSTRIP) != 0) {
                for (int i = end; i < text.length && claimed[i] == 0 && isSpace(text[i]); i++) {
                    claimed[i] = 2;
                }
            }
        }
        Arrays.sort(accepted, 0, found);
        int next = 0;
        int i = 0;
        while (i < text.length) {
            if (claimed[i] == 0) {
                int j = i;
                while (j < text.length && claimed[j] == 0) {
                    j++;
                }
                out.add(new Fragment(-1, i, j));
                i = j;
            } else if (claimed[i] == 2) {
                i++;
            } else {
                int id = (int) accepted[next++];
                out.add(new Fragment(id, i, i + texts[id].length));
                i += texts[id].length;
            }
        }
        return out;
    }

    /** Every (candidate rank, position) where a candidate's text occurs, sorted by rank, then position. */
    private long[] occurrences(byte[] text, ByteTrie trie) {
        long[] list = new long[16];
        int n = 0;
        for (int pos = 0; pos < text.length; pos++) {
            int node = trie.step(ByteTrie.root(), text[pos]);
            int k = pos + 1;
            while (node >= 0) {
                int id = trie.value(node);
                if (id >= 0) {
                    if (n == list.length) {
                        list = Arrays.copyOf(list, n * 2);
                    }
                    list[n++] = ((long) rank[id] << 32) | pos;
                }
                if (k == text.length) {
                    break;
                }
                node = trie.step(node, text[k++]);
            }
        }
        long[] result = Arrays.copyOf(list, n);
        Arrays.sort(result);
        return result;
    }

    private static boolean isFree(byte[] claimed, int from, int to) {
        for (int i = from; i < to; i++) {
            if (claimed[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** C's {@code isspace}: what llama.cpp strips around lstrip/rstrip tokens. */
    private static boolean isSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }
}
