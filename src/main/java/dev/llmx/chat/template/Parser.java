package dev.llmx.chat.template;

import dev.llmx.chat.template.Node.Expr;
import dev.llmx.chat.template.Node.NamedArg;
import dev.llmx.chat.template.Node.Stmt;
import dev.llmx.chat.template.Token.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Recursive-descent parser for the Jinja2 subset chat templates use, with Jinja2's operator precedence. */
final class Parser {
    private final List<Token> tokens;
    private int at;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static List<Stmt> parse(String source) {
        Parser p = new Parser(Lexer.tokenize(source));
        List<Stmt> body = p.parseBody(Set.of());
        if (p.peek().kind() != Kind.END) {
            throw p.error("unexpected '" + p.peekBlockName() + "' with no open block to end");
        }
        return body;
    }

    // ---- statements -------------------------------------------------------------------------------------------

    /** Parses until a block tag whose name is in {@code enders} (left unconsumed, after its {%) or the end. */
    private List<Stmt> parseBody(Set<String> enders) {
        List<Stmt> body = new ArrayList<>();
        while (true) {
            Token t = peek();
            switch (t.kind()) {
                case END -> {
                    if (!enders.isEmpty()) {
                        throw error("unexpected end of template; expected one of " + String.join(", ",
                                new java.util.TreeSet<>(enders)));
                    }
                    return body;
                }
                case TEXT -> {
                    next();
                    body.add(new Node.Text(t.text()));
                }
                case VARIABLE_BEGIN -> {
                    next();
                    Expr e = parseExpression();
                    expect(Kind.VARIABLE_END, "}}");
                    body.add(new Node.Output(e));
                }
                case BLOCK_BEGIN -> {
                    String name = peekBlockName();
                    if (enders.contains(name)) {
                        return body;
                    }
                    next();
                    body.add(parseStatement());
                }
                default -> throw error("unexpected " + t.describe());
            }
        }
    }

    private String peekBlockName() {
        Token n = tokens.get(Math.min(at + 1, tokens.size() - 1));
        return n.kind() == Kind.NAME ? n.text() : n.text();
    }

    private Stmt parseStatement() {
        Token keyword = next();
        if (keyword.kind() != Kind.NAME) {
            throw error(keyword, "expected a statement name after '{%', found " + keyword.describe());
        }
        switch (keyword.text()) {
            case "if":
                return parseIf();
            case "for":
                return parseFor(keyword);
            case "set":
                return parseSet();
            case "macro":
                return parseMacro();
            case "filter":
                return parseFilterBlock(keyword);
            case "do": {
                Expr e = parseExpression();
                endBlock();
                return new Node.CallStmt(e);
            }
            case "break":
                endBlock();
                return new Node.Break();
            case "continue":
                endBlock();
                return new Node.Continue();
            case "generation": {
                // Hugging Face's AssistantTracker tag: marks assistant text for training masks; renders its body.
                endBlock();
                List<Stmt> body = parseBody(Set.of("endgeneration"));
                closeBlock("endgeneration");
                return new Node.If(List.of(new Node.Branch(new Node.Literal(true, keyword.line()), body)), List.of());
            }
            default:
                throw error(keyword, "unknown tag '" + keyword.text() + "'");
        }
    }

    private Stmt parseIf() {
        List<Node.Branch> branches = new ArrayList<>();
        Expr condition = parseExpression();
        endBlock();
        while (true) {
            List<Stmt> body = parseBody(Set.of("elif", "else", "endif"));
            branches.add(new Node.Branch(condition, body));
            next(); // {%
            Token t = next();
            switch (t.text()) {
                case "elif" -> {
                    condition = parseExpression();
                    endBlock();
                }
                case "else" -> {
                    endBlock();
                    List<Stmt> otherwise = parseBody(Set.of("endif"));
                    closeBlock("endif");
                    return new Node.If(branches, otherwise);
                }
                default -> {
                    endBlock();
                    return new Node.If(branches, List.of());
                }
            }
        }
    }

    private Stmt parseFor(Token keyword) {
        List<String> targets = new ArrayList<>();
        targets.add(expectName());
        while (peek().isOperator(",")) {
            next();
            targets.add(expectName());
        }
        if (!peek().isName("in")) {
            throw error("expected 'in' in for loop, found " + peek().describe());
        }
        next();
        Expr iterable = parseConditionalFree();
        Expr filter = null;
        if (peek().isName("if")) {
            next();
            filter = parseExpression();
        }
        if (peek().isName("recursive")) {
            throw error("recursive for loops are not supported");
        }
        endBlock();
        List<Stmt> body = parseBody(Set.of("else", "endfor"));
        List<Stmt> otherwise = List.of();
        next();
        Token t = next();
        endBlock();
        if (t.text().equals("else")) {
            otherwise = parseBody(Set.of("endfor"));
            closeBlock("endfor");
        }
        return new Node.For(targets, iterable, filter, body, otherwise, keyword.line());
    }

    private Stmt parseSet() {
        String first = expectName();
        if (peek().isOperator(".")) {
            next();
            String attribute = expectName();
            expectOperator("=");
            Expr value = parseExpression();
            endBlock();
            return new Node.Set(List.of(), new Node.Name(first, peek().line()), attribute, value);
        }
        List<String> targets = new ArrayList<>();
        targets.add(first);
        while (peek().isOperator(",")) {
            next();
            targets.add(expectName());
        }
        if (peek().kind() == Kind.BLOCK_END && targets.size() == 1) {
            next();
            List<Stmt> body = parseBody(Set.of("endset"));
            closeBlock("endset");
            return new Node.SetBlock(first, body);
        }
        expectOperator("=");
        Expr value = parseTupleOrExpression();
        endBlock();
        return new Node.Set(targets, null, null, value);
    }

    private Stmt parseMacro() {
        String name = expectName();
        expectOperator("(");
        List<Node.Param> params = new ArrayList<>();
        while (!peek().isOperator(")")) {
            String param = expectName();
            Expr def = null;
            if (peek().isOperator("=")) {
                next();
                def = parseExpression();
            }
            params.add(new Node.Param(param, def));
            if (!peek().isOperator(",")) {
                break;
            }
            next();
        }
        expectOperator(")");
        endBlock();
        List<Stmt> body = parseBody(Set.of("endmacro"));
        closeBlock("endmacro");
        return new Node.Macro(name, params, body);
    }

    private Stmt parseFilterBlock(Token keyword) {
        String name = expectName();
        List<Expr> args = new ArrayList<>();
        List<NamedArg> kwargs = new ArrayList<>();
        if (peek().isOperator("(")) {
            next();
            parseArguments(args, kwargs);
        }
        endBlock();
        List<Stmt> body = parseBody(Set.of("endfilter"));
        closeBlock("endfilter");
        return new Node.FilterBlock(name, args, kwargs, body, keyword.line());
    }

    /** Consumes {@code {% name %}} that ends a block. */
    private void closeBlock(String name) {
        expect(Kind.BLOCK_BEGIN, "{%");
        Token t = next();
        if (!t.isName(name)) {
            throw error(t, "expected '" + name + "', found " + t.describe());
        }
        endBlock();
    }

    private void endBlock() {
        expect(Kind.BLOCK_END, "%}");
    }

    // ---- expressions (Jinja2 precedence, loosest first) -----------------------------------------------------

    /** An expression, or several separated by commas (an implicit tuple), as allowed after {@code set x =}. */
    private Expr parseTupleOrExpression() {
        Expr first = parseExpression();
        if (!peek().isOperator(",")) {
            return first;
        }
        List<Expr> items = new ArrayList<>();
        items.add(first);
        while (peek().isOperator(",")) {
            next();
            items.add(parseExpression());
        }
        return new Node.ListLiteral(items, first.line());
    }

    Expr parseExpression() {
        Expr then = parseOr();
        while (peek().isName("if")) {
            int line = next().line();
            Expr condition = parseOr();
            Expr otherwise = null;
            if (peek().isName("else")) {
                next();
                otherwise = parseExpression();
            }
            then = new Node.Conditional(then, condition, otherwise, line);
        }
        return then;
    }

    /** An expression without a trailing {@code if} (a for loop's iterable, where {@code if} starts a filter). */
    private Expr parseConditionalFree() {
        return parseOr();
    }

    private Expr parseOr() {
        Expr left = parseAnd();
        while (peek().isName("or")) {
            int line = next().line();
            left = new Node.Or(left, parseAnd(), line);
        }
        return left;
    }

    private Expr parseAnd() {
        Expr left = parseNot();
        while (peek().isName("and")) {
            int line = next().line();
            left = new Node.And(left, parseNot(), line);
        }
        return left;
    }

    private Expr parseNot() {
        if (peek().isName("not")) {
            int line = next().line();
            return new Node.Not(parseNot(), line);
        }
        return parseCompare();
    }

    private Expr parseCompare() {
        Expr first = parseAdditive();
        List<String> ops = new ArrayList<>();
        List<Expr> rest = new ArrayList<>();
        while (true) {
            Token t = peek();
            String op = null;
            if (t.kind() == Kind.OPERATOR && Set.of("==", "!=", "<", "<=", ">", ">=").contains(t.text())) {
                op = t.text();
                next();
            } else if (t.isName("in")) {
                op = "in";
                next();
            } else if (t.isName("not") && tokens.get(at + 1).isName("in")) {
                op = "not in";
                next();
                next();
            }
            if (op == null) {
                break;
            }
            ops.add(op);
            rest.add(parseAdditive());
        }
        return ops.isEmpty() ? first : new Node.Compare(first, ops, rest, first.line());
    }

    private Expr parseAdditive() {
        Expr left = parseConcat();
        while (peek().isOperator("+") || peek().isOperator("-")) {
            Token op = next();
            left = new Node.Binary(op.text(), left, parseConcat(), op.line());
        }
        return left;
    }

    private Expr parseConcat() {
        Expr left = parseMultiplicative();
        while (peek().isOperator("~")) {
            Token op = next();
            left = new Node.Binary("~", left, parseMultiplicative(), op.line());
        }
        return left;
    }

    private Expr parseMultiplicative() {
        Expr left = parsePower();
        while (peek().kind() == Kind.OPERATOR && Set.of("*", "/", "//", "%").contains(peek().text())) {
            Token op = next();
            left = new Node.Binary(op.text(), left, parsePower(), op.line());
        }
        return left;
    }

    private Expr parsePower() {
        Expr left = parseUnary();
        while (peek().isOperator("**")) {
            Token op = next();
            left = new Node.Binary("**", left, parseUnary(), op.line());
        }
        return left;
    }

    private Expr parseUnary() {
        if (peek().isOperator("-") || peek().isOperator("+")) {
            Token op = next();
            return parseFilters(new Node.Unary(op.text(), parseUnaryNoFilter(), op.line()));
        }
        return parseFilters(parsePostfix(parsePrimary()));
    }

    private Expr parseUnaryNoFilter() {
        if (peek().isOperator("-") || peek().isOperator("+")) {
            Token op = next();
            return new Node.Unary(op.text(), parseUnaryNoFilter(), op.line());
        }
        return parsePostfix(parsePrimary());
    }

    private Expr parsePrimary() {
        Token t = next();
        switch (t.kind()) {
            case STRING: {
                StringBuilder s = new StringBuilder(t.text());
                while (peek().kind() == Kind.STRING) { // adjacent literals concatenate, as in Python
                    s.append(next().text());
                }
                return new Node.Literal(s.toString(), t.line());
            }
            case INTEGER:
                try {
                    return new Node.Literal(Long.parseLong(t.text()), t.line());
                } catch (NumberFormatException e) {
                    return new Node.Literal(Double.parseDouble(t.text()), t.line());
                }
            case FLOAT:
                return new Node.Literal(Double.parseDouble(t.text()), t.line());
            case NAME:
                return switch (t.text()) {
                    case "true", "True" -> new Node.Literal(Boolean.TRUE, t.line());
                    case "false", "False" -> new Node.Literal(Boolean.FALSE, t.line());
                    case "none", "None" -> new Node.Literal(null, t.line());
                    default -> new Node.Name(t.text(), t.line());
                };
            case OPERATOR:
                switch (t.text()) {
                    case "(": {
                        if (peek().isOperator(")")) {
                            next();
                            return new Node.ListLiteral(List.of(), t.line());
                        }
                        Expr inner = parseExpression();
                        if (peek().isOperator(",")) {
                            List<Expr> items = new ArrayList<>();
                            items.add(inner);
                            while (peek().isOperator(",")) {
                                next();
                                if (peek().isOperator(")")) {
                                    break;
                                }
                                items.add(parseExpression());
                            }
                            inner = new Node.ListLiteral(items, t.line());
                        }
                        expectOperator(")");
                        return inner;
                    }
                    case "[": {
                        List<Expr> items = new ArrayList<>();
                        while (!peek().isOperator("]")) {
                            items.add(parseExpression());
                            if (!peek().isOperator(",")) {
                                break;
                            }
                            next();
                        }
                        expectOperator("]");
                        return new Node.ListLiteral(items, t.line());
                    }
                    case "{": {
                        List<Expr> keys = new ArrayList<>();
                        List<Expr> values = new ArrayList<>();
                        while (!peek().isOperator("}")) {
                            keys.add(parseExpression());
                            expectOperator(":");
                            values.add(parseExpression());
                            if (!peek().isOperator(",")) {
                                break;
                            }
                            next();
                        }
                        expectOperator("}");
                        return new Node.DictLiteral(keys, values, t.line());
                    }
                    default:
                        break;
                }
                break;
            default:
                break;
        }
        throw error(t, "unexpected " + t.describe());
    }

    private Expr parsePostfix(Expr e) {
        while (true) {
            Token t = peek();
            if (t.isOperator(".")) {
                next();
                Token name = next();
                if (name.kind() != Kind.NAME && name.kind() != Kind.INTEGER) {
                    throw error(name, "expected an attribute name after '.', found " + name.describe());
                }
                e = name.kind() == Kind.INTEGER
                        ? new Node.Item(e, new Node.Literal(Long.parseLong(name.text()), name.line()), name.line())
                        : new Node.Attribute(e, name.text(), name.line());
            } else if (t.isOperator("[")) {
                next();
                e = parseSubscript(e, t.line());
            } else if (t.isOperator("(")) {
                next();
                List<Expr> args = new ArrayList<>();
                List<NamedArg> kwargs = new ArrayList<>();
                parseArguments(args, kwargs);
                e = new Node.Call(e, args, kwargs, t.line(), t.column());
            } else {
                return e;
            }
        }
    }

    private Expr parseSubscript(Expr target, int line) {
        Expr start = null;
        if (!peek().isOperator(":")) {
            start = parseExpression();
            if (peek().isOperator("]")) {
                next();
                return new Node.Item(target, start, line);
            }
        }
        expectOperator(":");
        Expr stop = null;
        Expr step = null;
        if (!peek().isOperator("]") && !peek().isOperator(":")) {
            stop = parseExpression();
        }
        if (peek().isOperator(":")) {
            next();
            if (!peek().isOperator("]")) {
                step = parseExpression();
            }
        }
        expectOperator("]");
        return new Node.Slice(target, start, stop, step, line);
    }

    /** Parses call arguments after '(' up to and including ')'. */
    private void parseArguments(List<Expr> args, List<NamedArg> kwargs) {
        while (!peek().isOperator(")")) {
            if (peek().kind() == Kind.NAME && tokens.get(at + 1).isOperator("=")) {
                String name = next().text();
                next();
                kwargs.add(new NamedArg(name, parseExpression()));
            } else {
                if (!kwargs.isEmpty()) {
                    throw error("a positional argument follows a keyword argument");
                }
                args.add(parseExpression());
            }
            if (!peek().isOperator(",")) {
                break;
            }
            next();
        }
        expectOperator(")");
    }

    private Expr parseFilters(Expr e) {
        while (true) {
            Token t = peek();
            if (t.isOperator("|")) {
                next();
                String name = expectName();
                List<Expr> args = new ArrayList<>();
                List<NamedArg> kwargs = new ArrayList<>();
                if (peek().isOperator("(")) {
                    next();
                    parseArguments(args, kwargs);
                }
                e = new Node.Filter(e, name, args, kwargs, t.line());
            } else if (t.isName("is")) {
                next();
                boolean negated = false;
                if (peek().isName("not")) {
                    next();
                    negated = true;
                }
                Token nameToken = next();
                String name = switch (nameToken.kind()) {
                    case NAME -> nameToken.text();
                    case OPERATOR -> switch (nameToken.text()) { // "is ==" style aliases
                        case "==" -> "eq";
                        case "!=" -> "ne";
                        case "<" -> "lt";
                        case ">" -> "gt";
                        case "<=" -> "le";
                        case ">=" -> "ge";
                        default -> throw error(nameToken, "expected a test name after 'is'");
                    };
                    default -> throw error(nameToken, "expected a test name after 'is'");
                };
                if (name.equals("none") || name.equals("true") || name.equals("false")) {
                    name = name.toLowerCase();
                }
                List<Expr> args = new ArrayList<>();
                if (peek().isOperator("(")) {
                    next();
                    parseArguments(args, new ArrayList<>());
                } else if (startsTestArgument(peek())) {
                    args.add(parsePostfix(parsePrimary()));
                }
                e = new Node.Test(e, name, args, negated, t.line());
            } else {
                return e;
            }
        }
    }

    private static final Set<String> NOT_AN_ARGUMENT = Set.of("and", "or", "else", "if", "is", "in", "not");

    private static boolean startsTestArgument(Token t) {
        return switch (t.kind()) {
            case STRING, INTEGER, FLOAT -> true;
            case NAME -> !NOT_AN_ARGUMENT.contains(t.text());
            case OPERATOR -> t.text().equals("[") || t.text().equals("{");
            default -> false;
        };
    }

    // ---- token helpers ----------------------------------------------------------------------------------------

    private Token peek() {
        return tokens.get(at);
    }

    private Token next() {
        Token t = tokens.get(at);
        if (t.kind() != Kind.END) {
            at++;
        }
        return t;
    }

    private String expectName() {
        Token t = next();
        if (t.kind() != Kind.NAME) {
            throw error(t, "expected a name, found " + t.describe());
        }
        return t.text();
    }

    private void expectOperator(String op) {
        Token t = next();
        if (!t.isOperator(op)) {
            throw error(t, "expected '" + op + "', found " + t.describe());
        }
    }

    private void expect(Kind kind, String text) {
        Token t = next();
        if (t.kind() != kind) {
            throw error(t, "expected '" + text + "', found " + t.describe());
        }
    }

    private TemplateException error(String message) {
        return error(peek(), message);
    }

    private static TemplateException error(Token t, String message) {
        return TemplateException.syntax(message, t.line(), t.column());
    }
}
