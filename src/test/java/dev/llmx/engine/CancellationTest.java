package dev.llmx.engine;

import dev.llmx.Cancellation;
import dev.llmx.CancelledException;
import dev.llmx.model.EmbeddedModel;
import dev.llmx.model.ModelFiles;
import dev.llmx.model.ModelSource;
import dev.llmx.quant.RowWorkers;
import dev.llmx.sampling.Sampler;
import dev.llmx.sampling.SamplerSettings;
import dev.llmx.tensor.kernel.Kernels;
import dev.llmx.testing.CliRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Cancelling the working thread: where the engine notices, and what it leaves behind. */
class CancellationTest {
    @AfterEach
    void clearRequest() {
        Cancellation.clear();
    }

    @Test
    void aPrefillStopsAtItsNextBatchAndConsumesTheRequest() {
        try (ModelSource source = ModelFiles.open(EmbeddedModel.path());
             Session s = Session.open(Model.load(source, Kernels.best()), 0, 1)) {
            Cancellation.request(Thread.currentThread());
            assertThrows(CancelledException.class, () -> s.prefill(GeneratorTest.ONCE, null));
            assertFalse(Cancellation.requested(), "the request was consumed");
        }
    }

    @Test
    void generationStopsBetweenTokensWithWhatItHas() {
        List<Integer> streamed = new ArrayList<>();
        try (ModelSource source = ModelFiles.open(EmbeddedModel.path());
             Session s = Session.open(Model.load(source, Kernels.best()), 0, 1)) {
            Generator.Result r = Generator.generate(s, new Sampler(SamplerSettings.greedy()), id -> false,
                    GeneratorTest.ONCE, 50, () -> false, token -> {
                        streamed.add(token);
                        if (streamed.size() == 3) {
                            Cancellation.request(Thread.currentThread());
                        }
                    });
            assertEquals(Generator.StopReason.INTERRUPTED, r.stopReason());
            assertEquals(3, r.tokens().length, "the token being decoded when the request came is kept");
            assertArrayEquals(new int[] {432, 383, 286}, r.tokens(), "the same tokens as an uninterrupted run");
            assertFalse(Cancellation.requested(), "a graceful stop honours the request");
        }
    }

    @Test
    void rowWorkersFinishEverySliceBeforeReportingTheCancel() {
        AtomicInteger rowsDone = new AtomicInteger();
        try (RowWorkers workers = new RowWorkers(2)) {
            Cancellation.request(Thread.currentThread());
            assertThrows(CancelledException.class, () -> workers.slices(0, 1000, (from, to) -> {
                for (long r = from; r < to; r++) {
                    rowsDone.incrementAndGet();
                }
            }));
        }
        assertEquals(1000, rowsDone.get(), "no slice was abandoned mid-write");
    }

    @Test
    void aCancelledCommandPrintsOneLineAndExits130() {
        Cancellation.request(Thread.currentThread());
        CliRunner.Result r = CliRunner.cli().run("logits", "Once upon a time");
        assertEquals(130, r.exitCode(), r::toString);
        assertEquals("llmx logits: cancelled\n", r.stderr());
    }
}
