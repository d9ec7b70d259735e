package dev.llmx.chat.template;

/** One lexical token of a template, with where it starts (1-based line and column) for error messages. */
record Token(Kind kind, String text, int line, int column) {
    enum Kind {
        /** Literal template text, already trimmed by the whitespace-control rules. */
        TEXT,
        /** {@code {{} */
        VARIABLE_BEGIN,
        /** {@code }}} */
        VARIABLE_END,
        /** {@code {%} */
        BLOCK_BEGIN,
        /** {@code %}} */
        BLOCK_END,
        NAME,
        STRING,
        INTEGER,
        FLOAT,
        OPERATOR,
        END
    }

    boolean is(Kind k, String t) {
        return kind == k && text.equals(t);
    }

    boolean isOperator(String t) {
        return is(Kind.OPERATOR, t);
    }

    boolean isName(String t) {
        return is(Kind.NAME, t);
    }

    String describe() {
        return switch (kind) {
            case END -> "end of template";
            case TEXT -> "template text";
            case STRING -> "string '" + text + "'";
            default -> "'" + text + "'";
        };
    }
}
