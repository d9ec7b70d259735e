package dev.llmx.cli.sample;

import dev.llmx.sampling.Candidates;
import dev.llmx.sampling.ChiSquare;
import dev.llmx.sampling.Sampler;
import dev.llmx.sampling.SamplerStep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One run of the sampler chain, kept step by step: the raw distribution, each step's candidates before and after,
 * what remains at the end, and the draws made from it.
 */
public final class ChainTrace {
    /** One step: what it was given and what it left. */
    public record Step(SamplerStep step, boolean active, String params, Candidates before, Candidates after) {
        /** The probability (as the step saw it) of the candidates it removed. */
        public double massRemoved() {
            Set<Integer> kept = new HashSet<>();
            for (int i = 0; i < after.size(); i++) {
                kept.add(after.id(i));
            }
            double removed = 0;
            for (int i = 0; i < before.size(); i++) {
                if (!kept.contains(before.id(i))) {
                    removed += before.prob(i);
                }
            }
            return removed;
        }
    }

    private final Candidates raw;
    private final List<Step> steps = new ArrayList<>();
    private final Candidates last;
    private final int[] draws;

    /** Runs the chain on {@code logits} and draws {@code n} tokens (n ≥ 1) from what it leaves. */
    public ChainTrace(Sampler sampler, Candidates input, int[] history, int n) {
        this.raw = input.copy();
        raw.sort();
        Candidates c = input.copy();
        sampler.narrow(c, history, history.length, (step, active, before, after) -> {
            before.sort();
            after.sort();
            steps.add(new Step(step, active, sampler.settings().describe(step), before, after));
        });
        draws = new int[n];
        for (int i = 0; i < n; i++) {
            draws[i] = sampler.draw(c);
        }
        this.last = c;
    }

    /** The softmax of the logits before any step, most likely first. */
    public Candidates raw() {
        return raw;
    }

    public List<Step> steps() {
        return steps;
    }

    /** The candidates the draws were made from, most likely first. */
    public Candidates last() {
        return last;
    }

    /** The token drawn (the first draw: the one {@code generate} would pick with this seed). */
    public int drawn() {
        return draws[0];
    }

    public int drawCount() {
        return draws.length;
    }

    /** How often each of {@link #last()}'s candidates was drawn, by index. */
    public long[] counts() {
        Map<Integer, Integer> index = new HashMap<>();
        for (int i = 0; i < last.size(); i++) {
            index.put(last.id(i), i);
        }
        long[] counts = new long[last.size()];
        for (int d : draws) {
            counts[index.get(d)]++;
        }
        return counts;
    }

    /** Pearson's χ² of the draws against {@link #last()}'s probabilities (candidates of probability 0 left out). */
    public double chiSquare() {
        long[] counts = counts();
        double x2 = 0;
        for (int i = 0; i < counts.length; i++) {
            double expected = last.prob(i) * draws.length;
            if (expected > 0) {
                x2 += (counts[i] - expected) * (counts[i] - expected) / expected;
            }
        }
        return x2;
    }

    /** How likely a χ² at least this large is if the draws do follow the distribution. */
    public double pValue() {
        return ChiSquare.pValue(chiSquare(), degreesOfFreedom());
    }

    /** The χ² test's degrees of freedom: the candidates that can be drawn, less one. */
    public int degreesOfFreedom() {
        int possible = 0;
        for (int i = 0; i < last.size(); i++) {
            possible += last.prob(i) > 0 ? 1 : 0;
        }
        return Math.max(0, possible - 1);
    }
}
