package dev.llmx.bench;

/** The baseline for {@link ColdStartCount}: a JVM that starts, prints and exits. */
public final class ColdStartHello {
    private ColdStartHello() {
    }

    public static void main(String[] args) {
        System.out.println("hello");
    }
}
