package dev.llmx.probe;

import dev.llmx.UsageException;
import dev.llmx.cli.inspect.Glob;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The probes {@code --probe GLOB} (repeatable) asks for, checked against the model's names: a glob that matches none
 * of them is a usage error that lists the names, rather than an empty export.
 */
public final class ProbeSelection implements Predicate<String> {
    private final List<Predicate<String>> matchers;

    private ProbeSelection(List<Predicate<String>> matchers) {
        this.matchers = matchers;
    }

    public static ProbeSelection of(List<String> globs, int layers) {
        List<String> names = ProbeNames.all(layers);
        List<Predicate<String>> matchers = new ArrayList<>();
        for (String glob : globs) {
            Predicate<String> m = Glob.matcher(ProbeNames.canonical(glob));
            if (names.stream().noneMatch(m)) {
                throw new UsageException("--probe '" + glob + "' matches no probe of this model; the probes are "
                        + ProbeNames.summary(layers));
            }
            matchers.add(m);
        }
        return new ProbeSelection(matchers);
    }

    @Override
    public boolean test(String name) {
        for (Predicate<String> m : matchers) {
            if (m.test(name)) {
                return true;
            }
        }
        return false;
    }
}
