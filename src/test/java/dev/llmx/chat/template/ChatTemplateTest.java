package dev.llmx.chat.template;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The interpreter on small templates with results worked out from Jinja2's documented behaviour (runs without
 * ../shared/refs; ChatTemplateReferenceTest checks real templates against llama.cpp's renders).
 */
class ChatTemplateTest {
    private static String render(String template, Object... keyValues) {
        Map<String, Object> vars = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            vars.put((String) keyValues[i], keyValues[i + 1]);
        }
        return ChatTemplate.parse(template).render(vars);
    }

    private static Map<Object, Object> map(Object... kv) {
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void trimBlocksAndLstripBlocksAsHuggingFaceConfiguresJinja2() {
        // trim_blocks: the newline after a block tag goes; lstrip_blocks: indentation before a block tag goes.
        assertEquals("a\nb\n", render("{% for x in xs %}\n    {% if x %}\n{{ x }}\n    {% endif %}\n{% endfor %}",
                "xs", List.of("a", "b")));
        // Variable tags keep their surroundings; {%+ keeps the indentation.
        assertEquals("  x\n  y", render("  {{ 'x' }}\n  {%+ if true %}y{% endif %}"));
        // {%- and -%} remove all whitespace, newlines included, on their side.
        assertEquals("[a][b]", render("{%- for x in xs -%}\n\n  [{{ x }}]\n{%- endfor %}", "xs", List.of("a", "b")));
        assertEquals("ab", render("a  {#- a comment -#}  b"));
        assertEquals("<{% raw %}>", render("<{% raw %}{% raw %}{% endraw %}>"));
    }

    @Test
    void loopVariablesNamespaceAndScoping() {
        assertEquals("1/3 first;2/3;3/3 last;", render("{% for x in xs %}{{ loop.index }}/{{ loop.length }}"
                + "{% if loop.first %} first{% endif %}{% if loop.last %} last{% endif %};{% endfor %}",
                "xs", List.of(1L, 2L, 3L)));
        assertEquals("b:a c:b ", render("{% for x in xs %}{% if loop.previtem is defined %}{{ x }}:{{ loop.previtem }} "
                + "{% endif %}{% endfor %}", "xs", List.of("a", "b", "c")));
        // A set inside a loop does not leak; a namespace attribute does.
        assertEquals("0 3", render("{% set n = 0 %}{% set ns = namespace(n=0) %}{% for x in xs %}{% set n = n + x %}"
                + "{% set ns.n = ns.n + x %}{% endfor %}{{ n }} {{ ns.n }}", "xs", List.of(1L, 2L)));
        assertEquals("2;", render("{% for x in xs if x > 1 %}{{ x }};{% else %}none{% endfor %}", "xs", List.of(1L, 2L)));
        assertEquals("none", render("{% for x in [] %}{{ x }}{% else %}none{% endfor %}"));
        assertEquals("1", render("{% for x in [1, 2, 3] %}{% if x == 2 %}{% break %}{% endif %}{{ x }}{% endfor %}"));
    }

    @Test
    void pythonStringListAndDictMethods() {
        assertEquals("ab|c d", render("{{ '  ab  '.strip() }}|{{ 'xxc dxx'.strip('x') }}"));
        assertEquals("['a', 'b', 'c']", render("{{ 'a,b,c'.split(',') }}"));
        assertEquals("['a', 'b']", render("{{ ' a  b '.split() }}"));
        assertEquals("True False", render("{{ 'hello'.startswith('he') }} {{ 'hello'.endswith(('x', 'y')) }}"));
        assertEquals("k=1;j=2;", render("{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}",
                "d", map("k", 1L, "j", 2L)));
        assertEquals("1 none", render("{{ d.get('k') }} {{ d.get('z', 'none') }}", "d", map("k", 1L)));
        assertEquals("cba ab", render("{{ 'abc'[::-1] }} {{ 'abc'[:2] }}"));
        assertEquals("c", render("{{ xs[-1] }}", "xs", List.of("a", "b", "c")));
        assertEquals("{'a': \"it's\", 'b': [1, None]}", render("{{ {'a': \"it's\", 'b': [1, none]} }}"));
        assertEquals("None True 1.5 2.0", render("{{ none }} {{ true }} {{ 3 / 2 }} {{ 4 / 2 }}"));
    }

    @Test
    void filtersAsTransformersDefinesThem() {
        // tojson is json.dumps(x, ensure_ascii=False): ", " and ": " separators, non-ASCII kept, keys in order.
        assertEquals("{\"b\": [1, 2.5, true, null], \"a\": \"é\\n\\\"\"}",
                render("{{ d | tojson }}", "d", map("b", java.util.Arrays.asList(1L, 2.5, true, null), "a", "é\n\"")));
        assertEquals("{\n  \"a\": [\n    1\n  ]\n}", render("{{ d | tojson(indent=2) }}", "d", map("a", List.of(1L))));
        assertEquals("a\n    b\n\n    c", render("{{ 'a\\nb\\n\\nc' | indent(4) }}"));
        assertEquals("x|y", render("{{ xs | map(attribute='n') | join('|') }}", "xs", List.of(map("n", "x"), map("n", "y"))));
        assertEquals("1", render("{{ xs | selectattr('t', 'equalto', 'f') | list | length }}",
                "xs", List.of(map("t", "f"), map("t", "g"))));
        assertEquals("d|2|AB", render("{{ missing | default('d') }}|{{ [1, 2] | last }}|{{ 'ab' | upper }}"));
        assertEquals("HI", render("{% filter upper %}hi{% endfilter %}"));
    }

    @Test
    void macrosTestsAndExpressions() {
        assertEquals("<a=1><b=2>", render("{% macro kv(k, v=2) %}<{{ k }}={{ v }}>{% endmacro %}{{ kv('a', 1) }}{{ kv('b') }}"));
        assertEquals("yes", render("{{ 'yes' if x is string and x is not none else 'no' }}", "x", "s"));
        assertEquals("True True False", render("{{ d is mapping }} {{ xs is iterable }} {{ 3 is string }}",
                "d", map(), "xs", List.of()));
        assertEquals("ab3", render("{{ 'a' ~ 'b' ~ 3 }}"));
        assertEquals("7 1 8", render("{{ 1 + 2 * 3 }} {{ 7 // 4 }} {{ 2 ** 3 }}"));
        assertEquals("True", render("{{ 'b' in ['a', 'b'] and not 'z' in 'abc' }}"));
    }

    @Test
    void errorsCarryTheTemplatesMessageOrTheLineAndColumn() {
        TemplateException raised = assertThrows(TemplateException.class,
                () -> render("{% if true %}\n  {{ raise_exception('No system role') }}{% endif %}"));
        assertTrue(raised.raised());
        assertEquals("No system role", raised.templateMessage());
        assertEquals(2, raised.line());
        assertEquals(21, raised.column(), "the '(' of the call, as minja reports it");

        TemplateException syntax = assertThrows(TemplateException.class, () -> ChatTemplate.parse("a\n{% if x %}b"));
        assertEquals("template syntax error at line 2, column 12: unexpected end of template; expected one of elif, "
                + "else, endif", syntax.getMessage());
        TemplateException unknown = assertThrows(TemplateException.class, () -> ChatTemplate.parse("{% frobnicate %}"));
        assertEquals(1, unknown.line());
        assertTrue(unknown.getMessage().contains("unknown tag 'frobnicate'"));
        TemplateException unclosed = assertThrows(TemplateException.class, () -> ChatTemplate.parse("x {{ f( }}"));
        assertEquals("template syntax error at line 1, column 7: '(' is never closed", unclosed.getMessage());
        assertThrows(TemplateException.class, () -> render("{{ x.y }}"), "'x' is undefined");
        TemplateException deep = assertThrows(TemplateException.class,
                () -> render("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}"));
        assertTrue(deep.getMessage().contains("recurses"), deep.getMessage());
    }
}
