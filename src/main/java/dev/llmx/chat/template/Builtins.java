package dev.llmx.chat.template;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Jinja2's operators, filters, tests and globals, and the Python methods templates call on strings, lists and
 * dicts — the subset that chat templates use, with Jinja2's (and Python's) results.
 */
final class Builtins {
    private Builtins() {
    }

    static void addGlobals(Map<String, Object> globals) {
        globals.put("range", (Callable) (args, kwargs) -> range(args));
        globals.put("namespace", (Callable) (args, kwargs) -> {
            Namespace ns = new Namespace();
            for (Object a : args) {
                if (a instanceof Map<?, ?> m) {
                    m.forEach((k, v) -> ns.attributes.put(PyValues.str(k), v));
                }
            }
            ns.attributes.putAll(kwargs);
            return ns;
        });
        globals.put("dict", (Callable) (args, kwargs) -> {
            Map<Object, Object> map = new LinkedHashMap<>();
            for (Object a : args) {
                if (a instanceof Map<?, ?> m) {
                    map.putAll(m);
                }
            }
            map.putAll(kwargs);
            return map;
        });
        globals.put("raise_exception", (Callable) (args, kwargs) -> {
            throw TemplateException.raisedByTemplate(args.isEmpty() ? "" : PyValues.str(args.get(0)));
        });
    }

    private static List<Object> range(List<Object> args) {
        long start = 0;
        long stop;
        long step = 1;
        if (args.size() == 1) {
            stop = integer(args.get(0), "range");
        } else if (args.size() >= 2) {
            start = integer(args.get(0), "range");
            stop = integer(args.get(1), "range");
            if (args.size() > 2) {
                step = integer(args.get(2), "range");
            }
        } else {
            throw new TemplateException("range expected at least 1 argument, got 0");
        }
        if (step == 0) {
            throw new TemplateException("range() arg 3 must not be zero");
        }
        long count = step > 0 ? Math.max(0, (stop - start + step - 1) / step) : Math.max(0, (start - stop - step - 1)
                / -step);
        if (count > 1_000_000) {
            throw new TemplateException("range() of " + count + " items is too long for a template");
        }
        List<Object> out = new ArrayList<>((int) count);
        for (long i = 0, v = start; i < count; i++, v += step) {
            out.add(v);
        }
        return out;
    }

    private static long integer(Object v, String what) {
        if (v instanceof Long || v instanceof Boolean) {
            return PyValues.toLong(v);
        }
        throw new TemplateException(what + ": '" + PyValues.typeName(v) + "' object cannot be interpreted as an "
                + "integer");
    }

    // ---- attribute and item access ----------------------------------------------------------------------------

    /** {@code obj.name}: Jinja2 tries the Python attribute first (so {@code dict.items} is the method), then the item. */
    static Object attribute(Object obj, String name) {
        if (obj instanceof Undefined u) {
            throw u.error();
        }
        if (obj instanceof Namespace ns) {
            return ns.attributes.containsKey(name) ? ns.attributes.get(name)
                    : new Undefined("'Namespace' object has no attribute '" + name + "'");
        }
        Callable method = method(obj, name);
        if (method != null) {
            return method;
        }
        if (obj instanceof Map<?, ?> map) {
            return map.containsKey(name) ? map.get(name)
                    : new Undefined("'dict object' has no attribute '" + name + "'");
        }
        return new Undefined("'" + PyValues.typeName(obj) + " object' has no attribute '" + name + "'");
    }

    /** {@code obj[key]}: the item first, then the attribute. */
    static Object item(Object obj, Object key) {
        if (obj instanceof Undefined u) {
            throw u.error();
        }
        if (obj instanceof Map<?, ?> map) {
            if (map.containsKey(key)) {
                return map.get(key);
            }
            if (key instanceof Long l && map.containsKey(l.doubleValue())) {
                return map.get(l.doubleValue());
            }
        } else if ((obj instanceof List<?> || obj instanceof String) && (key instanceof Long
                || key instanceof Boolean)) {
            List<Object> items = obj instanceof String ? PyValues.iterate(obj) : null;
            int size = items != null ? items.size() : ((List<?>) obj).size();
            long i = PyValues.toLong(key);
            if (i < 0) {
                i += size;
            }
            if (i >= 0 && i < size) {
                return items != null ? items.get((int) i) : ((List<?>) obj).get((int) i);
            }
            return new Undefined(PyValues.typeName(obj) + " index out of range");
        } else if (key instanceof String s && !(obj instanceof List<?>) && !(obj instanceof String)) {
            return attribute(obj, s);
        }
        return new Undefined("'" + PyValues.typeName(obj) + " object' has no attribute " + PyValues.repr(key));
    }

    static Object slice(Object obj, Object start, Object stop, Object step) {
        List<Object> items;
        if (obj instanceof String) {
            items = PyValues.iterate(obj);
        } else if (obj instanceof List<?> l) {
            items = new ArrayList<>(l);
        } else if (obj instanceof Undefined u) {
            throw u.error();
        } else {
            throw new TemplateException("'" + PyValues.typeName(obj) + "' object is not subscriptable");
        }
        int n = items.size();
        long st = step == null ? 1 : integer(step, "slice");
        if (st == 0) {
            throw new TemplateException("slice step cannot be zero");
        }
        long lo;
        long hi;
        if (st > 0) {
            lo = start == null ? 0 : clampIndex(integer(start, "slice"), n, 0, n);
            hi = stop == null ? n : clampIndex(integer(stop, "slice"), n, 0, n);
        } else {
            lo = start == null ? n - 1 : clampIndex(integer(start, "slice"), n, -1, n - 1);
            hi = stop == null ? -1 : clampIndex(integer(stop, "slice"), n, -1, n - 1);
        }
        List<Object> out = new ArrayList<>();
        for (long i = lo; st > 0 ? i < hi : i > hi; i += st) {
            out.add(items.get((int) i));
        }
        if (obj instanceof String) {
            StringBuilder sb = new StringBuilder();
            out.forEach(sb::append);
            return sb.toString();
        }
        return out;
    }

    private static long clampIndex(long i, int n, long min, long max) {
        if (i < 0) {
            i += n;
        }
        return Math.max(min, Math.min(max, i));
    }

    // ---- methods ----------------------------------------------------------------------------------------------

    /** A bound method of {@code obj}, or null when it has none by that name. */
    private static Callable method(Object obj, String name) {
        if (obj instanceof String s) {
            return stringMethod(s, name);
        }
        if (obj instanceof Map<?, ?> map) {
            return switch (name) {
                case "items" -> (a, k) -> pairs(map);
                case "keys" -> (a, k) -> new ArrayList<Object>(map.keySet());
                case "values" -> (a, k) -> new ArrayList<Object>(map.values());
                case "get" -> (a, k) -> {
                    if (a.isEmpty()) {
                        throw new TemplateException("get expected at least 1 argument, got 0");
                    }
                    Object key = a.get(0);
                    return map.containsKey(key) ? map.get(key) : a.size() > 1 ? a.get(1) : null;
                };
                default -> null;
            };
        }
        if (obj instanceof List<?> list) {
            return switch (name) {
                case "index" -> (a, k) -> {
                    for (int i = 0; i < list.size(); i++) {
                        if (PyValues.equal(list.get(i), arg(a, 0, "index"))) {
                            return (long) i;
                        }
                    }
                    throw new TemplateException(PyValues.repr(a.get(0)) + " is not in list");
                };
                case "count" -> (a, k) -> list.stream().filter(x -> PyValues.equal(x, arg(a, 0, "count"))).count();
                default -> null;
            };
        }
        return null;
    }

    /** A dict's {@code items()}: [key, value] pairs (tuples read as lists). */
    private static List<Object> pairs(Map<?, ?> map) {
        List<Object> out = new ArrayList<>(map.size());
        map.forEach((k, v) -> {
            List<Object> pair = new ArrayList<>(2);
            pair.add(k);
            pair.add(v);
            out.add(pair);
        });
        return out;
    }

    private static Object arg(List<Object> args, int i, String what) {
        if (args.size() <= i) {
            throw new TemplateException(what + "() is missing an argument");
        }
        return args.get(i);
    }

    private static String stringArg(List<Object> args, int i, String what) {
        Object v = arg(args, i, what);
        if (!(v instanceof String s)) {
            throw new TemplateException(what + "() argument must be str, not " + PyValues.typeName(v));
        }
        return s;
    }

    private static Callable stringMethod(String s, String name) {
        return switch (name) {
            case "strip" -> (a, k) -> strip(s, charsArg(a), true, true);
            case "lstrip" -> (a, k) -> strip(s, charsArg(a), true, false);
            case "rstrip" -> (a, k) -> strip(s, charsArg(a), false, true);
            case "split" -> (a, k) -> split(s, a.isEmpty() ? null : (String) a.get(0),
                    a.size() > 1 ? PyValues.toLong(a.get(1)) : k.containsKey("maxsplit")
                            ? PyValues.toLong(k.get("maxsplit")) : -1);
            case "startswith" -> (a, k) -> affix(s, arg(a, 0, name), true);
            case "endswith" -> (a, k) -> affix(s, arg(a, 0, name), false);
            case "upper" -> (a, k) -> s.toUpperCase(Locale.ROOT);
            case "lower" -> (a, k) -> s.toLowerCase(Locale.ROOT);
            case "title" -> (a, k) -> title(s);
            case "capitalize" -> (a, k) -> capitalize(s);
            case "replace" -> (a, k) -> replace(s, stringArg(a, 0, name), stringArg(a, 1, name),
                    a.size() > 2 ? PyValues.toLong(a.get(2)) : -1);
            case "find" -> (a, k) -> (long) s.indexOf(stringArg(a, 0, name));
            case "rfind" -> (a, k) -> (long) s.lastIndexOf(stringArg(a, 0, name));
            case "count" -> (a, k) -> {
                String sub = stringArg(a, 0, name);
                if (sub.isEmpty()) {
                    return PyValues.length(s) + 1;
                }
                long n = 0;
                for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) {
                    n++;
                }
                return n;
            };
            case "join" -> (a, k) -> join(PyValues.iterate(arg(a, 0, name)), s);
            case "splitlines" -> (a, k) -> new ArrayList<Object>(splitLines(s));
            case "isdigit" -> (a, k) -> !s.isEmpty() && s.chars().allMatch(Character::isDigit);
            case "isalpha" -> (a, k) -> !s.isEmpty() && s.chars().allMatch(Character::isLetter);
            case "isalnum" -> (a, k) -> !s.isEmpty() && s.chars().allMatch(Character::isLetterOrDigit);
            case "isspace" -> (a, k) -> !s.isEmpty() && s.chars().allMatch(c -> Lexer.isSpace((char) c));
            case "isupper" -> (a, k) -> s.chars().anyMatch(Character::isLetter) && s.equals(s.toUpperCase(Locale.ROOT));
            case "islower" -> (a, k) -> s.chars().anyMatch(Character::isLetter) && s.equals(s.toLowerCase(Locale.ROOT));
            default -> null;
        };
    }

    private static String charsArg(List<Object> args) {
        if (args.isEmpty() || args.get(0) == null) {
            return null;
        }
        if (!(args.get(0) instanceof String s)) {
            throw new TemplateException("strip arg must be None or str");
        }
        return s;
    }

    /** Python's strip family: whitespace, or any of {@code chars}. */
    static String strip(String s, String chars, boolean left, boolean right) {
        int from = 0;
        int to = s.length();
        while (left && from < to && (chars == null ? Lexer.isSpace(s.charAt(from)) : chars.indexOf(s.charAt(from)) >= 0)) {
            from++;
        }
        while (right && to > from && (chars == null ? Lexer.isSpace(s.charAt(to - 1))
                : chars.indexOf(s.charAt(to - 1)) >= 0)) {
            to--;
        }
        return s.substring(from, to);
    }

    private static List<Object> split(String s, String sep, long maxSplit) {
        List<Object> out = new ArrayList<>();
        if (sep == null) {
            int i = 0;
            int n = s.length();
            while (true) {
                while (i < n && Lexer.isSpace(s.charAt(i))) {
                    i++;
                }
                if (i >= n) {
                    break;
                }
                if (maxSplit >= 0 && out.size() == maxSplit) {
                    out.add(strip(s.substring(i), null, false, true));
                    break;
                }
                int j = i;
                while (j < n && !Lexer.isSpace(s.charAt(j))) {
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            }
            return out;
        }
        if (sep.isEmpty()) {
            throw new TemplateException("empty separator");
        }
        int from = 0;
        while (maxSplit < 0 || out.size() < maxSplit) {
            int at = s.indexOf(sep, from);
            if (at < 0) {
                break;
            }
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    private static boolean affix(String s, Object arg, boolean prefix) {
        if (arg instanceof List<?> options) {
            for (Object o : options) {
                if (affix(s, o, prefix)) {
                    return true;
                }
            }
            return false;
        }
        if (!(arg instanceof String a)) {
            throw new TemplateException((prefix ? "startswith" : "endswith") + " first arg must be str or a tuple of "
                    + "str, not " + PyValues.typeName(arg));
        }
        return prefix ? s.startsWith(a) : s.endsWith(a);
    }

    private static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean previousCased = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(previousCased ? Character.toLowerCase(c) : Character.toUpperCase(c));
            previousCased = Character.isLetter(c);
        }
        return sb.toString();
    }

    private static String capitalize(String s) {
        if (s.isEmpty()) {
            return s;
        }
        int first = s.offsetByCodePoints(0, 1);
        return s.substring(0, first).toUpperCase(Locale.ROOT) + s.substring(first).toLowerCase(Locale.ROOT);
    }

    private static String replace(String s, String old, String replacement, long count) {
        if (count < 0) {
            return s.replace(old, replacement);
        }
        StringBuilder sb = new StringBuilder();
        int from = 0;
        for (long n = 0; n < count; n++) {
            int at = old.isEmpty() ? (from <= s.length() ? from : -1) : s.indexOf(old, from);
            if (at < 0) {
                break;
            }
            sb.append(s, from, at).append(replacement);
            if (old.isEmpty()) {
                if (at < s.length()) {
                    sb.append(s.charAt(at));
                }
                from = at + 1;
            } else {
                from = at + old.length();
            }
        }
        if (from <= s.length()) {
            sb.append(s.substring(from));
        }
        return sb.toString();
    }

    private static String join(List<Object> items, String separator) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(separator);
            }
            sb.append(PyValues.str(items.get(i)));
        }
        return sb.toString();
    }

    /** Python's {@code str.splitlines()} for the line breaks text has. */
    private static List<String> splitLines(String s) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u000b' || c == '\u000c' || c == '\u001c' || c == '\u001d'
                    || c == '\u001e' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                out.add(s.substring(start, i));
                i += (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') ? 2 : 1;
                start = i;
            } else {
                i++;
            }
        }
        if (start < s.length()) {
            out.add(s.substring(start));
        }
        return out;
    }

    // ---- operators --------------------------------------------------------------------------------------------

    static Object binary(String op, Object a, Object b) {
        switch (op) {
            case "~":
                return PyValues.str(a) + PyValues.str(b);
            case "+":
                if (a instanceof String || b instanceof String) {
                    // Jinja2 raises for str + non-str; llama.cpp's minja concatenates the other side's str(), and
                    // real templates rely on it (Functionary writes a dict of tool arguments with +).
                    if (!(a instanceof Undefined) && !(b instanceof Undefined)) {
                        return PyValues.str(a) + PyValues.str(b);
                    }
                }
                if (a instanceof List<?> la && b instanceof List<?> lb) {
                    List<Object> out = new ArrayList<>(la);
                    out.addAll(lb);
                    return out;
                }
                break;
            case "*":
                if (a instanceof String s && (b instanceof Long || b instanceof Boolean)) {
                    return repeat(s, PyValues.toLong(b));
                }
                if (b instanceof String s && (a instanceof Long || a instanceof Boolean)) {
                    return repeat(s, PyValues.toLong(a));
                }
                break;
            case "%":
                if (a instanceof String s) {
                    return percentFormat(s, b);
                }
                break;
            default:
                break;
        }
        if (PyValues.isNumber(a) && PyValues.isNumber(b)) {
            boolean floats = a instanceof Double || b instanceof Double;
            switch (op) {
                case "+":
                    return floats ? (Object) (PyValues.toDouble(a) + PyValues.toDouble(b))
                            : (Object) (PyValues.toLong(a) + PyValues.toLong(b));
                case "-":
                    return floats ? (Object) (PyValues.toDouble(a) - PyValues.toDouble(b))
                            : (Object) (PyValues.toLong(a) - PyValues.toLong(b));
                case "*":
                    return floats ? (Object) (PyValues.toDouble(a) * PyValues.toDouble(b))
                            : (Object) (PyValues.toLong(a) * PyValues.toLong(b));
                case "/":
                    if (PyValues.toDouble(b) == 0) {
                        throw new TemplateException("division by zero");
                    }
                    return PyValues.toDouble(a) / PyValues.toDouble(b);
                case "//":
                    if (PyValues.toDouble(b) == 0) {
                        throw new TemplateException("integer division or modulo by zero");
                    }
                    return floats ? (Object) Math.floor(PyValues.toDouble(a) / PyValues.toDouble(b))
                            : (Object) Math.floorDiv(PyValues.toLong(a), PyValues.toLong(b));
                case "%":
                    if (PyValues.toDouble(b) == 0) {
                        throw new TemplateException("integer division or modulo by zero");
                    }
                    if (floats) {
                        double x = PyValues.toDouble(a);
                        double y = PyValues.toDouble(b);
                        return x - Math.floor(x / y) * y;
                    }
                    return Math.floorMod(PyValues.toLong(a), PyValues.toLong(b));
                case "**":
                    if (!floats && PyValues.toLong(b) >= 0) {
                        long r = 1;
                        for (long i = 0; i < PyValues.toLong(b) && i < 64; i++) {
                            r *= PyValues.toLong(a);
                        }
                        return r;
                    }
                    return Math.pow(PyValues.toDouble(a), PyValues.toDouble(b));
                default:
                    break;
            }
        }
        if (a instanceof Undefined u) {
            throw u.error();
        }
        if (b instanceof Undefined u) {
            throw u.error();
        }
        throw new TemplateException("unsupported operand type(s) for " + op + ": '" + PyValues.typeName(a) + "' and '"
                + PyValues.typeName(b) + "'");
    }

    private static String repeat(String s, long n) {
        if (n <= 0) {
            return "";
        }
        if (n * s.length() > (16 << 20)) {
            throw new TemplateException("string repetition too large");
        }
        return s.repeat((int) n);
    }

    /** {@code "%s" % x}: only the conversions templates use (%s, %d, %r, %%). */
    private static String percentFormat(String format, Object args) {
        List<Object> values = args instanceof List<?> l ? new ArrayList<>(l) : List.of(args == null ? "None" : args);
        StringBuilder sb = new StringBuilder();
        int next = 0;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= format.length()) {
                sb.append(c);
                continue;
            }
            char conv = format.charAt(++i);
            if (conv == '%') {
                sb.append('%');
                continue;
            }
            if (next >= values.size()) {
                throw new TemplateException("not enough arguments for format string");
            }
            Object v = values.get(next++);
            switch (conv) {
                case 's' -> sb.append(PyValues.str(v));
                case 'r' -> sb.append(PyValues.repr(v));
                case 'd', 'i' -> sb.append(PyValues.isNumber(v) ? Long.toString((long) PyValues.toDouble(v))
                        : PyValues.str(v));
                default -> throw new TemplateException("unsupported format character '" + conv + "'");
            }
        }
        return sb.toString();
    }

    static boolean compare(String op, Object a, Object b) {
        return switch (op) {
            case "==" -> PyValues.equal(a, b);
            case "!=" -> !PyValues.equal(a, b);
            case "<" -> PyValues.compare(a, b) < 0;
            case "<=" -> PyValues.compare(a, b) <= 0;
            case ">" -> PyValues.compare(a, b) > 0;
            case ">=" -> PyValues.compare(a, b) >= 0;
            case "in" -> contains(b, a);
            case "not in" -> !contains(b, a);
            default -> throw new TemplateException("unknown comparison " + op);
        };
    }

    static boolean contains(Object container, Object item) {
        if (container instanceof String s) {
            if (!(item instanceof String sub)) {
                throw new TemplateException("'in <string>' requires string as left operand, not "
                        + PyValues.typeName(item));
            }
            return s.contains(sub);
        }
        if (container instanceof Map<?, ?> m) {
            return m.containsKey(item);
        }
        if (container instanceof List<?> l) {
            for (Object x : l) {
                if (PyValues.equal(x, item)) {
                    return true;
                }
            }
            return false;
        }
        if (container instanceof Undefined) {
            return false;
        }
        throw new TemplateException("argument of type '" + PyValues.typeName(container) + "' is not iterable");
    }

    // ---- tests ------------------------------------------------------------------------------------------------

    static boolean test(String name, Object v, List<Object> args) {
        switch (name) {
            case "defined":
                return !(v instanceof Undefined);
            case "undefined":
                return v instanceof Undefined;
            case "none":
                return v == null;
            case "string":
                return v instanceof String;
            case "number":
                return PyValues.isNumber(v);
            case "integer":
                return v instanceof Long;
            case "float":
                return v instanceof Double;
            case "boolean":
                return v instanceof Boolean;
            case "true":
                return Boolean.TRUE.equals(v);
            case "false":
                return Boolean.FALSE.equals(v);
            case "mapping":
                return v instanceof Map;
            case "iterable":
                return v instanceof List || v instanceof Map || v instanceof String || v instanceof Undefined;
            case "sequence":
                return v instanceof List || v instanceof Map || v instanceof String;
            case "callable":
                return v instanceof Callable;
            case "odd":
                return PyValues.toLong(v) % 2 != 0;
            case "even":
                return PyValues.toLong(v) % 2 == 0;
            case "divisibleby":
                return PyValues.toLong(v) % PyValues.toLong(arg(args, 0, "divisibleby")) == 0;
            case "eq":
            case "equalto":
                return PyValues.equal(v, arg(args, 0, name));
            case "ne":
                return !PyValues.equal(v, arg(args, 0, name));
            case "lt":
            case "lessthan":
                return PyValues.compare(v, arg(args, 0, name)) < 0;
            case "le":
                return PyValues.compare(v, arg(args, 0, name)) <= 0;
            case "gt":
            case "greaterthan":
                return PyValues.compare(v, arg(args, 0, name)) > 0;
            case "ge":
                return PyValues.compare(v, arg(args, 0, name)) >= 0;
            case "in":
                return contains(arg(args, 0, name), v);
            case "sameas":
                Object other = arg(args, 0, name);
                return v == other || (v != null && (v instanceof Boolean || v instanceof Long) && v.equals(other));
            case "lower":
                return v instanceof String s && s.equals(s.toLowerCase(Locale.ROOT));
            case "upper":
                return v instanceof String s && s.equals(s.toUpperCase(Locale.ROOT));
            default:
                throw new TemplateException("no test named '" + name + "'");
        }
    }

    // ---- filters ----------------------------------------------------------------------------------------------

    static Object filter(String name, Object v, List<Object> args, Map<String, Object> kwargs) {
        switch (name) {
            case "default":
            case "d": {
                Object fallback = args.isEmpty() ? kwargs.getOrDefault("default_value", "") : args.get(0);
                boolean bool = args.size() > 1 ? PyValues.truthy(args.get(1))
                        : PyValues.truthy(kwargs.getOrDefault("boolean", false));
                return v instanceof Undefined || (bool && !PyValues.truthy(v)) ? fallback : v;
            }
            case "safe":
            case "string":
                return PyValues.str(v);
            case "e":
            case "escape":
                return PyValues.str(v).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                        .replace("\"", "&#34;").replace("'", "&#39;");
            case "length":
            case "count":
                return PyValues.length(v);
            case "list":
                return PyValues.iterate(v);
            case "items":
                if (v instanceof Undefined) {
                    return new ArrayList<>();
                }
                if (!(v instanceof Map<?, ?> m)) {
                    throw new TemplateException("items filter: can only get item pairs from a mapping, not "
                            + PyValues.typeName(v));
                }
                return pairs(m);
            case "tojson": {
                Object indent = args.isEmpty() ? kwargs.get("indent") : args.get(0);
                String indentText = indent == null ? null
                        : indent instanceof String s ? s : " ".repeat((int) Math.max(0, PyValues.toLong(indent)));
                return PyValues.toJson(v, indentText);
            }
            case "trim":
                return strip(PyValues.str(v), args.isEmpty() ? null : (String) args.get(0), true, true);
            case "upper":
                return PyValues.str(v).toUpperCase(Locale.ROOT);
            case "lower":
                return PyValues.str(v).toLowerCase(Locale.ROOT);
            case "capitalize":
                return capitalize(PyValues.str(v));
            case "title":
                return title(PyValues.str(v));
            case "replace":
                return replace(PyValues.str(v), stringArg(args, 0, name), PyValues.str(arg(args, 1, name)),
                        args.size() > 2 ? PyValues.toLong(args.get(2)) : -1);
            case "indent":
                return indent(PyValues.str(v), args.isEmpty() ? kwargs.getOrDefault("width", 4L) : args.get(0),
                        PyValues.truthy(args.size() > 1 ? args.get(1) : kwargs.getOrDefault("first", false)),
                        PyValues.truthy(args.size() > 2 ? args.get(2) : kwargs.getOrDefault("blank", false)));
            case "join": {
                String sep = args.isEmpty() ? (String) kwargs.getOrDefault("d", "") : PyValues.str(args.get(0));
                List<Object> items = PyValues.iterate(v);
                Object attribute = kwargs.get("attribute");
                if (attribute != null) {
                    items.replaceAll(x -> attribute(x, PyValues.str(attribute)));
                }
                return join(items, sep);
            }
            case "first": {
                List<Object> items = PyValues.iterate(v);
                return items.isEmpty() ? new Undefined("No first item, sequence was empty.") : items.get(0);
            }
            case "last": {
                List<Object> items = PyValues.iterate(v);
                return items.isEmpty() ? new Undefined("No last item, sequence was empty.")
                        : items.get(items.size() - 1);
            }
            case "reverse": {
                if (v instanceof String s) {
                    return new StringBuilder(s).reverse().toString();
                }
                List<Object> items = PyValues.iterate(v);
                Collections.reverse(items);
                return items;
            }
            case "sort": {
                List<Object> items = PyValues.iterate(v);
                Object attribute = kwargs.get("attribute");
                boolean reverse = PyValues.truthy(args.isEmpty() ? kwargs.getOrDefault("reverse", false)
                        : args.get(0));
                items.sort((x, y) -> {
                    Object kx = attribute == null ? x : attribute(x, PyValues.str(attribute));
                    Object ky = attribute == null ? y : attribute(y, PyValues.str(attribute));
                    if (kx instanceof String sx && ky instanceof String sy) {
                        return sx.toLowerCase(Locale.ROOT).compareTo(sy.toLowerCase(Locale.ROOT));
                    }
                    return PyValues.compare(kx, ky);
                });
                if (reverse) {
                    Collections.reverse(items);
                }
                return items;
            }
            case "unique": {
                List<Object> out = new ArrayList<>();
                for (Object x : PyValues.iterate(v)) {
                    if (out.stream().noneMatch(y -> PyValues.equal(x, y))) {
                        out.add(x);
                    }
                }
                return out;
            }
            case "int":
                return toInt(v, args.isEmpty() ? 0L : args.get(0));
            case "float":
                try {
                    return v instanceof String s ? Double.parseDouble(s.trim()) : PyValues.toDouble(v);
                } catch (RuntimeException e) {
                    return args.isEmpty() ? 0.0 : args.get(0);
                }
            case "abs":
                return v instanceof Double d ? (Object) Math.abs(d) : (Object) Math.abs(PyValues.toLong(v));
            case "round": {
                long precision = args.isEmpty() ? 0 : PyValues.toLong(args.get(0));
                double scale = Math.pow(10, precision);
                return Math.round(PyValues.toDouble(v) * scale) / scale;
            }
            case "min":
            case "max": {
                List<Object> items = PyValues.iterate(v);
                if (items.isEmpty()) {
                    return new Undefined("No " + name + " item, sequence was empty.");
                }
                Object best = items.get(0);
                for (Object x : items) {
                    int c = PyValues.compare(x, best);
                    if (name.equals("min") ? c < 0 : c > 0) {
                        best = x;
                    }
                }
                return best;
            }
            case "sum": {
                Object total = args.isEmpty() ? (Object) 0L : args.get(0);
                for (Object x : PyValues.iterate(v)) {
                    Object add = kwargs.containsKey("attribute") ? attribute(x, PyValues.str(kwargs.get("attribute"))) : x;
                    total = binary("+", total, add);
                }
                return total;
            }
            case "attr":
                return attribute(v, stringArg(args, 0, name));
            case "map":
                return map(v, args, kwargs);
            case "select":
            case "reject":
                return select(v, null, args, name.equals("select"));
            case "selectattr":
            case "rejectattr":
                return select(v, stringArg(args, 0, name), args.subList(1, args.size()), name.equals("selectattr"));
            case "dictsort": {
                if (!(v instanceof Map<?, ?> m)) {
                    throw new TemplateException("dictsort filter: expected a mapping, not " + PyValues.typeName(v));
                }
                List<Object> items = pairs(m);
                items.sort((x, y) -> PyValues.compare(((List<?>) x).get(0), ((List<?>) y).get(0)));
                return items;
            }
            case "wordcount":
                return (long) split(PyValues.str(v), null, -1).size();
            case "center": {
                String s = PyValues.str(v);
                int width = (int) (args.isEmpty() ? 80 : PyValues.toLong(args.get(0)));
                int pad = Math.max(0, width - s.length());
                int left = pad / 2 + (pad & width & 1);
                return " ".repeat(left) + s + " ".repeat(pad - left);
            }
            default:
                throw new TemplateException("no filter named '" + name + "'");
        }
    }

    private static Object toInt(Object v, Object fallback) {
        if (v instanceof Long || v instanceof Boolean) {
            return PyValues.toLong(v);
        }
        if (v instanceof Double d) {
            return (long) (double) d;
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                try {
                    return (long) Double.parseDouble(s.trim());
                } catch (NumberFormatException e2) {
                    return fallback;
                }
            }
        }
        return fallback;
    }

    private static String indent(String s, Object width, boolean first, boolean blank) {
        String indention = width instanceof String w ? w : " ".repeat((int) Math.max(0, PyValues.toLong(width)));
        List<String> lines = splitLines(s + "\n");
        StringBuilder rv = new StringBuilder();
        if (blank) {
            for (int i = 0; i < lines.size(); i++) {
                if (i > 0) {
                    rv.append('\n').append(indention);
                }
                rv.append(lines.get(i));
            }
        } else {
            rv.append(lines.isEmpty() ? "" : lines.get(0));
            if (lines.size() > 1) {
                rv.append('\n');
                for (int i = 1; i < lines.size(); i++) {
                    if (i > 1) {
                        rv.append('\n');
                    }
                    String line = lines.get(i);
                    rv.append(line.isEmpty() ? line : indention + line);
                }
            }
        }
        return first ? indention + rv : rv.toString();
    }

    private static List<Object> map(Object v, List<Object> args, Map<String, Object> kwargs) {
        List<Object> items = PyValues.iterate(v);
        if (kwargs.containsKey("attribute")) {
            String attribute = PyValues.str(kwargs.get("attribute"));
            Object fallback = kwargs.get("default");
            items.replaceAll(x -> {
                Object r = attribute(x, attribute);
                return r instanceof Undefined && kwargs.containsKey("default") ? fallback : r;
            });
            return items;
        }
        String filter = stringArg(args, 0, "map");
        List<Object> rest = args.subList(1, args.size());
        items.replaceAll(x -> filter(filter, x, rest, kwargs));
        return items;
    }

    private static List<Object> select(Object v, String attribute, List<Object> args, boolean keep) {
        List<Object> out = new ArrayList<>();
        String testName = args.isEmpty() ? null : stringArg(args, 0, "select");
        List<Object> testArgs = args.isEmpty() ? List.of() : args.subList(1, args.size());
        for (Object x : PyValues.iterate(v)) {
            Object subject = attribute == null ? x : attribute(x, attribute);
            boolean passed = testName == null ? PyValues.truthy(subject) : test(testName, subject, testArgs);
            if (passed == keep) {
                out.add(x);
            }
        }
        return out;
    }
}
