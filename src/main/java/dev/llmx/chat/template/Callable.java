package dev.llmx.chat.template;

import java.util.List;
import java.util.Map;

/** Something a template can call: a global function, a macro, or a bound method of a value. */
@FunctionalInterface
interface Callable {
    Object call(List<Object> args, Map<String, Object> kwargs);
}
