package dev.llmx.chat.template;

import java.util.List;

/** The syntax tree of a template: statements ({@link Stmt}) that write output, and expressions ({@link Expr}). */
final class Node {
    private Node() {
    }

    sealed interface Stmt permits Text, Output, If, For, Set, SetBlock, Macro, CallStmt, FilterBlock, Break,
            Continue {
    }

    record Text(String text) implements Stmt {
    }

    record Output(Expr expr) implements Stmt {
    }

    record Branch(Expr condition, List<Stmt> body) {
    }

    record If(List<Branch> branches, List<Stmt> otherwise) implements Stmt {
    }

    record For(List<String> targets, Expr iterable, Expr filter, List<Stmt> body, List<Stmt> otherwise, int line)
            implements Stmt {
    }

    /** {@code set a = x}, {@code set a, b = x}, {@code set ns.attr = x}. */
    record Set(List<String> targets, Expr namespace, String attribute, Expr value) implements Stmt {
    }

    record SetBlock(String target, List<Stmt> body) implements Stmt {
    }

    record Param(String name, Expr defaultValue) {
    }

    record Macro(String name, List<Param> params, List<Stmt> body) implements Stmt {
    }

    /** {@code do expr}: evaluate for its effect. */
    record CallStmt(Expr expr) implements Stmt {
    }

    record FilterBlock(String filter, List<Expr> args, List<NamedArg> kwargs, List<Stmt> body, int line)
            implements Stmt {
    }

    record Break() implements Stmt {
    }

    record Continue() implements Stmt {
    }

    sealed interface Expr permits Literal, Name, Attribute, Item, Slice, Call, Filter, Test, Unary, Binary, And, Or,
            Not, Conditional, ListLiteral, DictLiteral, Compare {
        int line();
    }

    record NamedArg(String name, Expr value) {
    }

    record Literal(Object value, int line) implements Expr {
    }

    record Name(String name, int line) implements Expr {
    }

    record Attribute(Expr target, String name, int line) implements Expr {
    }

    record Item(Expr target, Expr key, int line) implements Expr {
    }

    record Slice(Expr target, Expr start, Expr stop, Expr step, int line) implements Expr {
    }

    record Call(Expr callee, List<Expr> args, List<NamedArg> kwargs, int line, int column) implements Expr {
    }

    record Filter(Expr target, String name, List<Expr> args, List<NamedArg> kwargs, int line) implements Expr {
    }

    record Test(Expr target, String name, List<Expr> args, boolean negated, int line) implements Expr {
    }

    record Unary(String op, Expr operand, int line) implements Expr {
    }

    record Binary(String op, Expr left, Expr right, int line) implements Expr {
    }

    record And(Expr left, Expr right, int line) implements Expr {
    }

    record Or(Expr left, Expr right, int line) implements Expr {
    }

    record Not(Expr operand, int line) implements Expr {
    }

    record Conditional(Expr then, Expr condition, Expr otherwise, int line) implements Expr {
    }

    /** A list or a tuple (both become lists: templates only read them). */
    record ListLiteral(List<Expr> items, int line) implements Expr {
    }

    record DictLiteral(List<Expr> keys, List<Expr> values, int line) implements Expr {
    }

    /** A comparison chain {@code a < b <= c}: ops are ==, !=, <, <=, >, >=, in, not in. */
    record Compare(Expr first, List<String> ops, List<Expr> rest, int line) implements Expr {
    }
}
