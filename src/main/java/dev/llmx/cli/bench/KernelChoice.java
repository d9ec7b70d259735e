package dev.llmx.cli.bench;

import dev.llmx.LlmxException;
import dev.llmx.tensor.kernel.Kernels;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/** {@code --kernels}: which kernel set a benchmark runs on. */
public enum KernelChoice {
    /** What every other command picks for this model (see {@link Kernels#forModel}). */
    AUTO,
    /** The plain-Java kernels: the baseline the Vector API speed-up is measured against. */
    SCALAR,
    /** The Vector API kernels, even for a model small enough that other commands run it on the scalar ones. */
    VECTOR;

    /** The name on the command line. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Lower-case names for --help and shell completion. */
    public static final class Candidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(values()).map(KernelChoice::cliName).iterator();
        }
    }

    /** Reads a name, whatever its case; the error lists the choices as the user types them. */
    public static final class Converter implements ITypeConverter<KernelChoice> {
        @Override
        public KernelChoice convert(String value) {
            for (KernelChoice c : values()) {
                if (c.cliName().equalsIgnoreCase(value)) {
                    return c;
                }
            }
            throw new TypeConversionException("unknown kernel set '" + value + "' (choose auto, scalar or vector)");
        }
    }

    /** The set this choice names; {@code automatic} is the one the model was loaded with. */
    public Kernels resolve(Kernels automatic) {
        return switch (this) {
            case AUTO -> automatic;
            case SCALAR -> Kernels.scalar();
            case VECTOR -> Kernels.vector().orElseThrow(() -> new LlmxException("the Vector API kernels are not "
                    + "available in this JVM (it needs --add-modules jdk.incubator.vector, which the ./llmx launcher "
                    + "adds, and SIMD registers of at least 256 bits); use --kernels scalar"));
        };
    }
}
