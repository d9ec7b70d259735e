package dev.llmx.chat.template;

import dev.llmx.chat.template.Node.Expr;
import dev.llmx.chat.template.Node.Stmt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a parsed template. Scoping follows Jinja2: a {@code for} body and a macro call get their own scope (so a
 * {@code set} inside a loop does not leak out — templates use {@code namespace} for that), {@code if} does not.
 */
final class Interpreter {
    /** Deep recursion (a macro calling itself) ends with an error, not a StackOverflowError. */
    private static final int MAX_DEPTH = 200;
    /** Output is bounded so a runaway template cannot take the heap. */
    private static final int MAX_OUTPUT_CHARS = 64 << 20;

    private static final class Scope {
        final Scope parent;
        final Map<String, Object> vars = new HashMap<>();

        Scope(Scope parent) {
            this.parent = parent;
        }

        Object lookup(String name) {
            for (Scope s = this; s != null; s = s.parent) {
                if (s.vars.containsKey(name)) {
                    return s.vars.get(name);
                }
            }
            return MISSING;
        }
    }

    private static final Object MISSING = new Object();

    /** Loop control flow: thrown by break/continue, caught by the innermost loop. */
    private static final class LoopSignal extends RuntimeException {
        final boolean isBreak;

        LoopSignal(boolean isBreak) {
            super(null, null, false, false);
            this.isBreak = isBreak;
        }
    }

    private static final LoopSignal BREAK = new LoopSignal(true);
    private static final LoopSignal CONTINUE = new LoopSignal(false);

    private int depth;

    String render(List<Stmt> template, Map<String, Object> variables) {
        Scope globals = new Scope(null);
        Builtins.addGlobals(globals.vars);
        globals.vars.putAll(variables);
        StringBuilder out = new StringBuilder();
        try {
            execute(template, new Scope(globals), out);
        } catch (LoopSignal s) {
            throw new TemplateException("'" + (s.isBreak ? "break" : "continue") + "' outside a loop");
        } catch (StackOverflowError e) {
            throw new TemplateException("the template recurses too deeply");
        }
        return out.toString();
    }

    private void execute(List<Stmt> body, Scope scope, StringBuilder out) {
        for (Stmt s : body) {
            execute(s, scope, out);
        }
    }

    private void execute(Stmt stmt, Scope scope, StringBuilder out) {
        if (stmt instanceof Node.Text t) {
            append(out, t.text());
        } else if (stmt instanceof Node.Output o) {
            append(out, PyValues.str(eval(o.expr(), scope)));
        } else if (stmt instanceof Node.If f) {
            for (Node.Branch b : f.branches()) {
                if (PyValues.truthy(eval(b.condition(), scope))) {
                    execute(b.body(), scope, out);
                    return;
                }
            }
            execute(f.otherwise(), scope, out);
        } else if (stmt instanceof Node.For f) {
            executeFor(f, scope, out);
        } else if (stmt instanceof Node.Set s) {
            Object value = eval(s.value(), scope);
            if (s.namespace() != null) {
                Object ns = eval(s.namespace(), scope);
                if (!(ns instanceof Namespace n)) {
                    throw new TemplateException("cannot assign attribute on non-namespace object");
                }
                n.attributes.put(s.attribute(), value);
            } else {
                assign(scope, s.targets(), value);
            }
        } else if (stmt instanceof Node.SetBlock s) {
            StringBuilder captured = new StringBuilder();
            execute(s.body(), scope, captured);
            scope.vars.put(s.target(), captured.toString());
        } else if (stmt instanceof Node.Macro m) {
            scope.vars.put(m.name(), macro(m, scope));
        } else if (stmt instanceof Node.CallStmt c) {
            eval(c.expr(), scope);
        } else if (stmt instanceof Node.FilterBlock f) {
            StringBuilder captured = new StringBuilder();
            execute(f.body(), scope, captured);
            Object result = Builtins.filter(f.filter(), captured.toString(), evalArgs(f.args(), scope),
                    evalKwargs(f.kwargs(), scope));
            append(out, PyValues.str(result));
        } else if (stmt instanceof Node.Break) {
            throw BREAK;
        } else {
            throw CONTINUE;
        }
    }

    private static void append(StringBuilder out, String s) {
        if (out.length() + (long) s.length() > MAX_OUTPUT_CHARS) {
            throw new TemplateException("the template's output passed " + MAX_OUTPUT_CHARS + " characters");
        }
        out.append(s);
    }

    private static void assign(Scope scope, List<String> targets, Object value) {
        if (targets.size() == 1) {
            scope.vars.put(targets.get(0), value);
            return;
        }
        List<Object> items = PyValues.iterate(value);
        if (items.size() != targets.size()) {
            throw new TemplateException("cannot unpack " + items.size() + " values into " + targets.size()
                    + " names");
        }
        for (int i = 0; i < targets.size(); i++) {
            scope.vars.put(targets.get(i), items.get(i));
        }
    }

    private void executeFor(Node.For f, Scope scope, StringBuilder out) {
        Object iterable = eval(f.iterable(), scope);
        List<Object> items = PyValues.iterate(iterable);
        if (f.filter() != null) {
            List<Object> kept = new ArrayList<>();
            for (Object item : items) {
                Scope probe = new Scope(scope);
                assign(probe, f.targets(), item);
                if (PyValues.truthy(eval(f.filter(), probe))) {
                    kept.add(item);
                }
            }
            items = kept;
        }
        if (items.isEmpty()) {
            execute(f.otherwise(), scope, out);
            return;
        }
        int n = items.size();
        for (int i = 0; i < n; i++) {
            Scope body = new Scope(scope);
            assign(body, f.targets(), items.get(i));
            body.vars.put("loop", loopInfo(items, i));
            try {
                execute(f.body(), body, out);
            } catch (LoopSignal s) {
                if (s.isBreak) {
                    break;
                }
            }
        }
    }

    private static Map<Object, Object> loopInfo(List<Object> items, int i) {
        int n = items.size();
        Map<Object, Object> loop = new LinkedHashMap<>();
        loop.put("index", (long) i + 1);
        loop.put("index0", (long) i);
        loop.put("revindex", (long) (n - i));
        loop.put("revindex0", (long) (n - i - 1));
        loop.put("first", i == 0);
        loop.put("last", i == n - 1);
        loop.put("length", (long) n);
        loop.put("depth", 1L);
        loop.put("depth0", 0L);
        loop.put("previtem", i > 0 ? items.get(i - 1) : new Undefined("there is no previous item"));
        loop.put("nextitem", i < n - 1 ? items.get(i + 1) : new Undefined("there is no next item"));
        loop.put("cycle", (Callable) (args, kwargs) -> args.isEmpty()
                ? new Undefined("no items for cycling given") : args.get(i % args.size()));
        return loop;
    }

    private Callable macro(Node.Macro m, Scope defining) {
        return (args, kwargs) -> {
            if (args.size() > m.params().size()) {
                throw new TemplateException("macro '" + m.name() + "' takes not more than " + m.params().size()
                        + " argument(s)");
            }
            Scope scope = new Scope(defining);
            for (int i = 0; i < m.params().size(); i++) {
                Node.Param p = m.params().get(i);
                Object value;
                if (i < args.size()) {
                    value = args.get(i);
                } else if (kwargs.containsKey(p.name())) {
                    value = kwargs.get(p.name());
                } else if (p.defaultValue() != null) {
                    value = eval(p.defaultValue(), scope);
                } else {
                    value = new Undefined("'" + p.name() + "' is undefined");
                }
                scope.vars.put(p.name(), value);
            }
            for (String k : kwargs.keySet()) {
                if (m.params().stream().noneMatch(p -> p.name().equals(k))) {
                    throw new TemplateException("macro '" + m.name() + "' takes no keyword argument '" + k + "'");
                }
            }
            if (++depth > MAX_DEPTH) {
                depth = 0;
                throw new TemplateException("macro '" + m.name() + "' recurses more than " + MAX_DEPTH + " deep");
            }
            try {
                StringBuilder out = new StringBuilder();
                try {
                    execute(m.body(), scope, out);
                } catch (LoopSignal s) {
                    throw new TemplateException("'break' or 'continue' outside a loop in macro '" + m.name() + "'");
                }
                return out.toString();
            } finally {
                depth--;
            }
        };
    }

    // ---- expressions ------------------------------------------------------------------------------------------

    Object eval(Expr e, Scope scope) {
        if (e instanceof Node.Literal l) {
            return l.value();
        }
        if (e instanceof Node.Name n) {
            Object v = scope.lookup(n.name());
            return v == MISSING ? new Undefined("'" + n.name() + "' is undefined") : v;
        }
        if (e instanceof Node.Attribute a) {
            return Builtins.attribute(eval(a.target(), scope), a.name());
        }
        if (e instanceof Node.Item it) {
            return Builtins.item(eval(it.target(), scope), eval(it.key(), scope));
        }
        if (e instanceof Node.Slice s) {
            return Builtins.slice(eval(s.target(), scope), optional(s.start(), scope),
                optional(s.stop(), scope), optional(s.step(), scope));
        }
        if (e instanceof Node.Call c) {
            Object callee = eval(c.callee(), scope);
            if (callee instanceof Undefined u) {
                throw u.error();
            }
            if (!(callee instanceof Callable f)) {
                throw new TemplateException("'" + PyValues.typeName(callee) + "' object is not callable");
            }
            try {
                return f.call(evalArgs(c.args(), scope), evalKwargs(c.kwargs(), scope));
            } catch (TemplateException ex) {
                throw ex.raised() ? ex.at(c.line(), c.column()) : ex;
            }
        }
        if (e instanceof Node.Filter f) {
            Object target = eval(f.target(), scope);
            return Builtins.filter(f.name(), target, evalArgs(f.args(), scope), evalKwargs(f.kwargs(), scope));
        }
        if (e instanceof Node.Test t) {
            boolean result = Builtins.test(t.name(), eval(t.target(), scope), evalArgs(t.args(), scope));
            return t.negated() != result;
        }
        if (e instanceof Node.Unary u) {
            Object v = eval(u.operand(), scope);
            if (!PyValues.isNumber(v)) {
                throw new TemplateException("bad operand type for unary " + u.op() + ": '"
                        + PyValues.typeName(v) + "'");
            }
            if (u.op().equals("+")) {
                return v instanceof Boolean ? PyValues.toLong(v) : v;
            }
            return v instanceof Double d ? (Object) (-d) : (Object) (-PyValues.toLong(v));
        }
        if (e instanceof Node.Binary b) {
            return Builtins.binary(b.op(), eval(b.left(), scope), eval(b.right(), scope));
        }
        if (e instanceof Node.And a) {
            Object left = eval(a.left(), scope);
            return PyValues.truthy(left) ? eval(a.right(), scope) : left;
        }
        if (e instanceof Node.Or o) {
            Object left = eval(o.left(), scope);
            return PyValues.truthy(left) ? left : eval(o.right(), scope);
        }
        if (e instanceof Node.Not n) {
            return !PyValues.truthy(eval(n.operand(), scope));
        }
        if (e instanceof Node.Conditional c) {
            return PyValues.truthy(eval(c.condition(), scope)) ? eval(c.then(), scope)
                : c.otherwise() == null ? new Undefined("the inline if-expression had no else")
                : eval(c.otherwise(), scope);
        }
        if (e instanceof Node.ListLiteral l) {
            List<Object> list = new ArrayList<>(l.items().size());
            for (Expr item : l.items()) {
                list.add(eval(item, scope));
            }
            return list;
        }
        if (e instanceof Node.DictLiteral d) {
            Map<Object, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < d.keys().size(); i++) {
                map.put(eval(d.keys().get(i), scope), eval(d.values().get(i), scope));
            }
            return map;
        }
        if (e instanceof Node.Compare c) {
            Object left = eval(c.first(), scope);
            for (int i = 0; i < c.ops().size(); i++) {
                Object right = eval(c.rest().get(i), scope);
                if (!Builtins.compare(c.ops().get(i), left, right)) {
                    return false;
                }
                left = right;
            }
            return true;
        }
        throw new IllegalStateException("unknown expression " + e);
    }

    private Object optional(Expr e, Scope scope) {
        return e == null ? null : eval(e, scope);
    }

    private List<Object> evalArgs(List<Expr> args, Scope scope) {
        List<Object> values = new ArrayList<>(args.size());
        for (Expr a : args) {
            values.add(eval(a, scope));
        }
        return values;
    }

    private Map<String, Object> evalKwargs(List<Node.NamedArg> kwargs, Scope scope) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Node.NamedArg a : kwargs) {
            values.put(a.name(), eval(a.value(), scope));
        }
        return values;
    }
}
