package dev.llmx.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Supervised fine-tuning data: rendered conversations as token ids with a loss mask, 1 where the predicted token
 * belongs to an assistant turn and 0 elsewhere (system and user text, template markup outside the assistant's
 * turns), so the model learns to answer, not to write the user's part. Batches take conversations in a seeded
 * shuffle, epoch after epoch, padded at the end to the longest (padding is masked out and, attention being causal,
 * changes nothing before it).
 */
public final class SftExamples implements BatchSource, Evaluation {
    /** One conversation: its tokens and, per token, whether it is assistant text (in the loss when predicted). */
    public record Example(int[] tokens, boolean[] assistant) {
        public Example {
            if (tokens.length != assistant.length || tokens.length < 2) {
                throw new IllegalArgumentException("a conversation needs at least 2 tokens and a mask for each");
            }
        }

        /** Predictions in the loss: tokens 1 … n−1 that are assistant text. */
        public int lossTokens() {
            int n = 0;
            for (int t = 1; t < tokens.length; t++) {
                n += assistant[t] ? 1 : 0;
            }
            return n;
        }
    }

    private final List<Example> examples;
    private final Random random;
    private final List<Integer> order = new ArrayList<>();
    private int next;

    public SftExamples(List<Example> examples, long seed) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no conversations");
        }
        this.examples = List.copyOf(examples);
        this.random = new Random(seed);
    }

    public List<Example> examples() {
        return examples;
    }

    @Override
    public Batch next(int sequences) {
        List<Example> chosen = new ArrayList<>();
        while (chosen.size() < sequences) {
            if (next >= order.size()) {
                order.clear();
                for (int i = 0; i < examples.size(); i++) {
                    order.add(i);
                }
                Collections.shuffle(order, random);
                next = 0;
            }
            chosen.add(examples.get(order.get(next++)));
        }
        return batch(chosen);
    }

    static Batch batch(List<Example> list) {
        int length = 1;
        for (Example e : list) {
            length = Math.max(length, e.tokens().length - 1);
        }
        int[] in = new int[list.size() * length];
        int[] tg = new int[in.length];
        float[] w = new float[in.length];
        for (int s = 0; s < list.size(); s++) {
            Example e = list.get(s);
            for (int t = 0; t + 1 < e.tokens().length; t++) {
                in[s * length + t] = e.tokens()[t];
                tg[s * length + t] = e.tokens()[t + 1];
                w[s * length + t] = e.assistant()[t + 1] ? 1f : 0f;
            }
        }
        return new Batch(list.size(), length, in, tg, w);
    }

    @Override
    public double loss(LlamaNetwork net, int sequences) {
        double total = 0;
        double weights = 0;
        for (int i = 0; i < examples.size(); i += sequences) {
            Batch b = batch(examples.subList(i, Math.min(examples.size(), i + sequences)));
            double w = b.scored();
            if (w > 0) {
                total += net.forward(b) * w;
                weights += w;
            }
        }
        return weights > 0 ? total / weights : Double.NaN;
    }

    @Override
    public int scored() {
        int n = 0;
        for (Example e : examples) {
            n += e.lossTokens();
        }
        return n;
    }
}
