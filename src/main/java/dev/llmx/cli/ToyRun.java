package dev.llmx.cli;

import dev.llmx.UsageException;
import dev.llmx.cli.train.ToyPicture;
import dev.llmx.cli.train.ToyReport;
import dev.llmx.render.Renderer;
import dev.llmx.train.OptimizerKind;
import dev.llmx.train.ToyDescent;
import dev.llmx.train.ToySurface;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code llmx train --toy SURFACE}: SGD, momentum and Adam from the same start on a 2-D loss. */
final class ToyRun {
    private ToyRun() {
    }

    /**
     * @param lr    one learning rate for all three, or null for each optimizer's own on this surface
     * @param steps steps, or null for the surface's own count
     */
    static int run(Renderer out, String name, Path png, Double lr, Integer steps) throws Exception {
        ToySurface surface = ToySurface.parse(name);
        if (surface == null) {
            throw new UsageException("unknown toy surface '" + name + "'; use rosenbrock, saddle or ravine");
        }
        int n = steps != null ? steps : surface.defaultSteps();
        if (n < 1 || n > 1_000_000) {
            throw new UsageException("--steps must be between 1 and 1000000 for a toy, not " + n);
        }
        List<ToyReport.Run> runs = new ArrayList<>();
        for (OptimizerKind kind : new OptimizerKind[] {OptimizerKind.SGD, OptimizerKind.MOMENTUM, OptimizerKind.ADAM}) {
            double rate = lr != null ? lr : surface.defaultRate(kind);
            runs.add(new ToyReport.Run(kind, rate, ToyDescent.path(surface, kind, rate, n)));
        }
        if (png != null) {
            ToyPicture.write(png, surface, runs);
        }
        out.emit(new ToyReport(surface, runs, png != null ? png.toString() : null));
        return 0;
    }
}
