package dev.llmx.chat.template;

import dev.llmx.chat.template.Node.Stmt;

import java.util.List;
import java.util.Map;

/**
 * A parsed Jinja chat template. llmx has its own interpreter for the Jinja2 subset chat templates use (see the
 * README for why not Jinjava): parsing happens once here, so a syntax error is reported with its line and column
 * before anything is rendered; {@link #render} can then be called many times.
 */
public final class ChatTemplate {
    private final String source;
    private final List<Stmt> body;

    private ChatTemplate(String source, List<Stmt> body) {
        this.source = source;
        this.body = body;
    }

    /** Parses {@code source}; a syntax error is a {@link TemplateException} with its line and column. */
    public static ChatTemplate parse(String source) {
        return new ChatTemplate(source, Parser.parse(source));
    }

    public String source() {
        return source;
    }

    /**
     * Renders with {@code variables} (template values as {@link PyValues#fromJson} makes them, or Java strings,
     * booleans, longs, lists and maps). Extra callables are given as {@link Function}s.
     */
    public String render(Map<String, Object> variables) {
        return new Interpreter().render(body, variables);
    }

    /** A function a template may call, e.g. {@code strftime_now}. */
    @FunctionalInterface
    public interface Function {
        Object call(List<Object> args);
    }

    /** Wraps a {@link Function} as a template value. */
    public static Object function(Function f) {
        return (Callable) (args, kwargs) -> f.call(args);
    }
}
