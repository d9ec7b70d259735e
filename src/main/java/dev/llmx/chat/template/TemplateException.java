package dev.llmx.chat.template;

import dev.llmx.LlmxException;

/**
 * A template that cannot be parsed or fails while rendering. Syntax errors carry the line and column; a
 * template's own {@code raise_exception(...)} carries exactly the template's message ({@link #templateMessage()})
 * and where in the template it was raised.
 */
public class TemplateException extends LlmxException {
    private final String templateMessage;
    private final boolean raised;
    private final int line;
    private final int column;

    public TemplateException(String message) {
        this(message, false, 0, 0);
    }

    private TemplateException(String message, boolean raised, int line, int column) {
        super(compose(message, raised, line, column));
        this.templateMessage = message;
        this.raised = raised;
        this.line = line;
        this.column = column;
    }

    private static String compose(String message, boolean raised, int line, int column) {
        if (raised) {
            return "the template raised: " + message + (line > 0 ? " (template line " + line + ", column "
                    + column + ")" : "");
        }
        return line > 0 ? "template syntax error at line " + line + ", column " + column + ": " + message : message;
    }

    /** A syntax error at a place in the template source. */
    public static TemplateException syntax(String message, int line, int column) {
        return new TemplateException(message, false, line, column);
    }

    /** The template called {@code raise_exception(message)}. */
    public static TemplateException raisedByTemplate(String message) {
        return new TemplateException(message, true, 0, 0);
    }

    /** This error, located at the call that raised it (kept if it already has a place). */
    TemplateException at(int atLine, int atColumn) {
        return line > 0 ? this : new TemplateException(templateMessage, raised, atLine, atColumn);
    }

    /** True when the template itself raised this error; {@link #templateMessage()} is then the template's own. */
    public boolean raised() {
        return raised;
    }

    /** The message without its location. */
    public String templateMessage() {
        return templateMessage;
    }

    /** 1-based line of the syntax error or of the raising call; 0 when unknown. */
    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
