package dev.llmx.cli;

import dev.llmx.kvcache.ElementType;
import dev.llmx.kvcache.PlannedMix;
import dev.llmx.kvcache.Presets;
import dev.llmx.quant.recipe.QuantType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The values an option takes, for shell completion (bash, zsh, fish) and the man pages: picocli asks an option's
 * {@code completionCandidates} class for them. Each list comes from the code that parses the option, so completion
 * offers exactly what is accepted.
 */
final class ValueCandidates {
    private ValueCandidates() {
    }

    /** {@code --color}. */
    static final class Color implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("auto", "always", "never").iterator();
        }
    }

    /** {@code quantize --type}: llama-quantize's names, most to fewest bits. */
    static final class QuantTypes implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(QuantType.values()).map(QuantType::label).iterator();
        }
    }

    /** {@code kv-cost --kv-type}. */
    static final class KvTypes implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return split(ElementType.names(true));
        }
    }

    /** {@code kv-cost --weight-type}. */
    static final class WeightTypes implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return split(ElementType.names(false) + ", " + PlannedMix.mixNames());
        }
    }

    /** {@code kv-cost --preset}: every built-in model, and {@code list}. */
    static final class PresetNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            List<String> names = new ArrayList<>();
            for (Presets.Preset preset : Presets.all()) {
                names.add(preset.id());
            }
            names.add("list");
            return names.iterator();
        }
    }

    private static Iterator<String> split(String commaSeparated) {
        return Arrays.asList(commaSeparated.split(", ")).iterator();
    }
}
