package dev.llmx.cli.tokenize;

/**
 * Where a text came from, as shown to the user and in JSON ({@code "source"}): {@code "argument"},
 * {@code "stdin"} or a file path; {@code line} is the 1-based line number with {@code --lines}, else 0.
 */
public record Source(String name, long line) {
    public static Source of(String name) {
        return new Source(name, 0);
    }

    public Source atLine(long number) {
        return new Source(name, number);
    }

    /** For messages: {@code README.md}, {@code README.md:12}. */
    public String describe() {
        String n = name.equals("stdin") ? "standard input" : name;
        return line > 0 ? n + ":" + line : n;
    }

    /** The source fields of a JSON record, in contract order. */
    void putJson(java.util.Map<String, Object> m) {
        m.put("source", name);
        if (line > 0) {
            m.put("line", line);
        }
    }
}
