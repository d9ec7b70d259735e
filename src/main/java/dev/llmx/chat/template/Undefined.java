package dev.llmx.chat.template;

/**
 * Jinja2's default {@code Undefined}: a missing variable or attribute. It prints as nothing, is false, iterates as
 * empty, and fails when its attributes are read or it is called (as in Hugging Face's environment).
 */
final class Undefined {
    private final String description;

    Undefined(String description) {
        this.description = description;
    }

    /** What was missing, worded as Jinja2 words it: {@code 'x' is undefined}. */
    String description() {
        return description;
    }

    TemplateException error() {
        return new TemplateException(description);
    }

    @Override
    public String toString() {
        return "";
    }
}
