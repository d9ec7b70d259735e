package dev.llmx.chat.template;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code namespace(...)}: an object whose attributes {@code {% set ns.x = … %}} may change from inside loops. */
final class Namespace {
    final Map<String, Object> attributes = new LinkedHashMap<>();
}
