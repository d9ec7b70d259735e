package dev.llmx.cli;

import dev.llmx.kvcache.ElementType;
import dev.llmx.kvcache.KvCacheTypes;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.Iterator;

/**
 * {@code -ctk, --cache-type-k TYPE} and {@code -ctv, --cache-type-v TYPE}: how the KV cache stores keys and values,
 * with llama.cpp's names, values and default (f16). Mixed into the commands that run a sequence through the model.
 */
public final class KvCacheOptions {
    @Option(names = {"-ctk", "--cache-type-k"}, paramLabel = "TYPE", defaultValue = "f16",
            completionCandidates = Candidates.class,
            description = "KV cache type of the keys: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}, as"
                    + " llama.cpp; q8_0 and q4_0 need a head dimension that is a multiple of 32).")
    String keys = "f16";

    @Option(names = {"-ctv", "--cache-type-v"}, paramLabel = "TYPE", defaultValue = "f16",
            completionCandidates = Candidates.class,
            description = "KV cache type of the values: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String values = "f16";

    /** The types asked for; a usage error for a name that is not a KV cache type. */
    public KvCacheTypes types() {
        return KvCacheTypes.parse(keys, values);
    }

    /** The KV cache type names, for completion and help. */
    static final class Candidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(ElementType.values()).filter(ElementType::allowedForKvCache)
                    .map(ElementType::cliName).iterator();
        }
    }
}
