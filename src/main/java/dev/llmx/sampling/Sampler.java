package dev.llmx.sampling;

import java.util.SplittableRandom;

/**
 * The sampler chain shared by {@code generate} and {@code sample}: the steps of {@link SamplerSettings#order()} in
 * turn, then one token drawn from what remains. Every draw takes exactly one number from a generator seeded with
 * {@link SamplerSettings#seed()}, so a seed gives the same tokens on every run, whatever the thread count (the
 * sampler runs on one thread, after the forward pass). The caller's logits are never modified.
 */
public final class Sampler {
    /** Sees the candidates before and after each step of the chain ({@code llmx sample} draws them). */
    public interface StepObserver {
        void step(SamplerStep step, boolean active, Candidates before, Candidates after);
    }

    private final SamplerSettings settings;
    private final SplittableRandom random;

    public Sampler(SamplerSettings settings) {
        this.settings = settings;
        this.random = new SplittableRandom(settings.seed());
    }

    public SamplerSettings settings() {
        return settings;
    }

    /**
     * The next token.
     *
     * @param recent the tokens so far (the penalties look at the last {@code repeatLastN} of {@code recent[0, count)})
     */
    public int sample(float[] logits, int[] recent, int count) {
        Candidates c = Candidates.ofVocabulary(logits);
        narrow(c, recent, count, null);
        return draw(c);
    }

    /** Runs the chain's steps on {@code c}; {@code observer} may be null. */
    public void narrow(Candidates c, int[] recent, int count, StepObserver observer) {
        for (SamplerStep step : settings.order()) {
            Candidates before = observer != null ? c.copy() : null;
            SamplerSteps.apply(step, settings, c, recent, count);
            if (observer != null) {
                observer.step(step, settings.isActive(step), before, c.copy());
            }
        }
    }

    /**
     * Draws one of the candidates by probability (most likely first, so a small random number picks a likely token);
     * takes one number from the generator even when one candidate is left, so that later draws do not depend on it.
     */
    public int draw(Candidates c) {
        c.sort();
        double u = random.nextDouble();
        double cumulative = 0;
        int last = 0;
        for (int i = 0; i < c.size(); i++) {
            double p = c.prob(i);
            if (p > 0) {
                cumulative += p;
                last = i;
                if (u < cumulative) {
                    return c.id(i);
                }
            }
        }
        return c.id(last); // u within rounding of 1
    }
}
