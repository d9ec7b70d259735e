package dev.llmx.chat.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a template into tokens the way Jinja2 does with {@code trim_blocks=True, lstrip_blocks=True} (how Hugging
 * Face's {@code apply_chat_template} configures it):
 * <ul>
 * <li>{@code {%- }, {@code {{- }, {@code {#- } remove all whitespace before the tag; {@code -%}}, {@code -}}},
 * {@code -#}} all whitespace after it;</li>
 * <li>trim_blocks: the first newline after a block or comment tag is removed;</li>
 * <li>lstrip_blocks: spaces and tabs between the start of a line and a block or comment tag are removed
 * ({@code {%+ } turns that off for one tag).</li>
 * </ul>
 * Comments produce no tokens. Whitespace is judged as Python's {@code str.isspace} judges it.
 */
final class Lexer {
    private final String src;
    private final List<Token> out = new ArrayList<>();
    private int pos;

    /** Offsets where each line starts, for line and column numbers. */
    private final int[] lineStarts;
    private final int lineCount;

    private Lexer(String src) {
        this.src = src;
        int[] starts = new int[16];
        int n = 0;
        starts[n++] = 0;
        for (int i = 0; i < src.length(); i++) {
            if (src.charAt(i) == '\n') {
                if (n == starts.length) {
                    starts = java.util.Arrays.copyOf(starts, n * 2);
                }
                starts[n++] = i + 1;
            }
        }
        this.lineStarts = starts;
        this.lineCount = n;
    }

    static List<Token> tokenize(String source) {
        Lexer lexer = new Lexer(source);
        lexer.run();
        return lexer.out;
    }

    private enum Trim { NONE, NEWLINE, ALL }

    private void run() {
        Trim trimNext = Trim.NONE;
        while (pos <= src.length()) {
            int tag = nextTag(pos);
            int textEnd = tag < 0 ? src.length() : tag;
            int textStart = pos;
            String text = src.substring(textStart, textEnd);
            boolean lineStarting = textStart == 0 || src.charAt(textStart - 1) == '\n';
            if (trimNext == Trim.ALL) {
                int cut = 0;
                while (cut < text.length() && isSpace(text.charAt(cut))) {
                    cut++;
                }
                text = text.substring(cut);
                textStart += cut;
                lineStarting = false;
            } else if (trimNext == Trim.NEWLINE) {
                if (text.startsWith("\r\n")) {
                    text = text.substring(2);
                    lineStarting = true;
                } else if (text.startsWith("\n")) {
                    text = text.substring(1);
                    lineStarting = true;
                }
            }
            if (tag >= 0) {
                char kind = src.charAt(tag + 1);
                char sign = tag + 2 < src.length() ? src.charAt(tag + 2) : ' ';
                if (sign == '-') {
                    int end = text.length();
                    while (end > 0 && isSpace(text.charAt(end - 1))) {
                        end--;
                    }
                    text = text.substring(0, end);
                } else if (sign != '+' && kind != '{') {
                    int lineStart = text.lastIndexOf('\n') + 1;
                    if ((lineStart > 0 || lineStarting) && onlySpacesAndTabs(text, lineStart)) {
                        text = text.substring(0, lineStart);
                    }
                }
            }
            if (!text.isEmpty()) {
                int[] lc = lineColumn(textStart);
                out.add(new Token(Token.Kind.TEXT, text, lc[0], lc[1]));
            }
            if (tag < 0) {
                break;
            }
            trimNext = lexTag(tag);
        }
        int[] lc = lineColumn(src.length());
        out.add(new Token(Token.Kind.END, "", lc[0], lc[1]));
    }

    private int nextTag(int from) {
        int i = from;
        while (true) {
            i = src.indexOf('{', i);
            if (i < 0 || i + 1 >= src.length()) {
                return -1;
            }
            char c = src.charAt(i + 1);
            if (c == '{' || c == '%' || c == '#') {
                return i;
            }
            i++;
        }
    }

    /** Lexes the tag at {@code start}; returns how the text after it is to be trimmed. */
    private Trim lexTag(int start) {
        char kind = src.charAt(start + 1);
        int i = start + 2;
        if (i < src.length() && (src.charAt(i) == '-' || src.charAt(i) == '+')) {
            i++;
        }
        if (kind == '#') {
            int close = src.indexOf("#}", i);
            if (close < 0) {
                throw error("unclosed comment", start);
            }
            pos = close + 2;
            if (close > i && src.charAt(close - 1) == '-') {
                return Trim.ALL;
            }
            return close > i && src.charAt(close - 1) == '+' ? Trim.NONE : Trim.NEWLINE;
        }
        boolean variable = kind == '{';
        String closer = variable ? "}}" : "%}";
        if (!variable && isRawBlock(i)) {
            return lexRaw(start, i);
        }
        add(variable ? Token.Kind.VARIABLE_BEGIN : Token.Kind.BLOCK_BEGIN, variable ? "{{" : "{%", start);
        int depth = 0;
        int lastOpener = -1;
        while (true) {
            while (i < src.length() && isSpace(src.charAt(i))) {
                i++;
            }
            if (i >= src.length()) {
                if (depth > 0) {
                    throw error("'" + src.charAt(lastOpener) + "' is never closed", lastOpener);
                }
                throw error("unclosed '" + (variable ? "{{" : "{%") + "' (missing '" + closer + "')", start);
            }
            char c = src.charAt(i);
            if (depth == 0 && (c == '-' || c == '+') && src.startsWith(closer, i + 1)) {
                add(variable ? Token.Kind.VARIABLE_END : Token.Kind.BLOCK_END, closer, i);
                pos = i + 3;
                if (c == '-') {
                    return Trim.ALL;
                }
                return variable || c == '+' ? Trim.NONE : Trim.NEWLINE;
            }
            if (depth == 0 && src.startsWith(closer, i)) {
                add(variable ? Token.Kind.VARIABLE_END : Token.Kind.BLOCK_END, closer, i);
                pos = i + 2;
                return variable ? Trim.NONE : Trim.NEWLINE;
            }
            if (c == '\'' || c == '"') {
                i = lexString(i);
            } else if (Character.isDigit(c)) {
                i = lexNumber(i);
            } else if (Character.isLetter(c) || c == '_') {
                int j = i + 1;
                while (j < src.length() && (Character.isLetterOrDigit(src.charAt(j)) || src.charAt(j) == '_')) {
                    j++;
                }
                add(Token.Kind.NAME, src.substring(i, j), i);
                i = j;
            } else {
                String op = operatorAt(i);
                if (op == null) {
                    throw error("unexpected character '" + c + "'", i);
                }
                if (op.equals("(") || op.equals("[") || op.equals("{")) {
                    depth++;
                    lastOpener = i;
                } else if (op.equals(")") || op.equals("]") || op.equals("}")) {
                    depth = Math.max(0, depth - 1);
                }
                add(Token.Kind.OPERATOR, op, i);
                i += op.length();
            }
        }
    }

    private static final String[] OPERATORS = {
        "**", "//", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "<", ">", "=", "(", ")", "[", "]", "{",
        "}", ",", ".", ":", "|"
    };

    private String operatorAt(int i) {
        for (String op : OPERATORS) {
            if (src.startsWith(op, i)) {
                return op;
            }
        }
        return null;
    }

    private boolean isRawBlock(int i) {
        int j = i;
        while (j < src.length() && isSpace(src.charAt(j))) {
            j++;
        }
        if (!src.startsWith("raw", j)) {
            return false;
        }
        j += 3;
        while (j < src.length() && isSpace(src.charAt(j))) {
            j++;
        }
        return src.startsWith("%}", j) || src.startsWith("-%}", j);
    }

    /** {@code {% raw %}…{% endraw %}}: the body is text, taken as it is. */
    private Trim lexRaw(int start, int i) {
        int close = src.indexOf("%}", i);
        boolean trimAfterOpen = src.charAt(close - 1) == '-';
        int bodyStart = close + 2;
        int search = bodyStart;
        while (true) {
            int end = src.indexOf("{%", search);
            if (end < 0) {
                throw error("unclosed raw block (missing '{% endraw %}')", start);
            }
            int j = end + 2;
            boolean trimBefore = j < src.length() && src.charAt(j) == '-';
            if (trimBefore || (j < src.length() && src.charAt(j) == '+')) {
                j++;
            }
            while (j < src.length() && isSpace(src.charAt(j))) {
                j++;
            }
            if (src.startsWith("endraw", j)) {
                j += 6;
                while (j < src.length() && isSpace(src.charAt(j))) {
                    j++;
                }
                boolean trimAfter = src.startsWith("-%}", j);
                int tagEnd = src.indexOf("%}", j) + 2;
                String body = src.substring(bodyStart, end);
                if (trimAfterOpen) {
                    body = body.stripLeading();
                } else if (body.startsWith("\n")) {
                    body = body.substring(1);
                }
                if (trimBefore) {
                    body = body.stripTrailing();
                }
                if (!body.isEmpty()) {
                    add(Token.Kind.TEXT, body, bodyStart);
                }
                pos = tagEnd;
                return trimAfter ? Trim.ALL : Trim.NEWLINE;
            }
            search = end + 2;
        }
    }

    private int lexString(int start) {
        char quote = src.charAt(start);
        StringBuilder sb = new StringBuilder();
        int i = start + 1;
        while (true) {
            if (i >= src.length()) {
                throw error("unterminated string", start);
            }
            char c = src.charAt(i);
            if (c == quote) {
                break;
            }
            if (c == '\\' && i + 1 < src.length()) {
                char e = src.charAt(++i);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case '0' -> sb.append('\0');
                    case '\\', '\'', '"' -> sb.append(e);
                    case 'u', 'x' -> {
                        int len = e == 'u' ? 4 : 2;
                        try {
                            sb.append((char) Integer.parseInt(src.substring(i + 1, i + 1 + len), 16));
                        } catch (NumberFormatException | StringIndexOutOfBoundsException ex) {
                            throw error("bad escape in string", i);
                        }
                        i += len;
                    }
                    case '\n' -> { }
                    default -> sb.append('\\').append(e);
                }
                i++;
                continue;
            }
            sb.append(c);
            i++;
        }
        add(Token.Kind.STRING, sb.toString(), start);
        return i + 1;
    }

    private int lexNumber(int start) {
        int i = start;
        while (i < src.length() && (Character.isDigit(src.charAt(i)) || src.charAt(i) == '_')) {
            i++;
        }
        boolean isFloat = false;
        if (i + 1 < src.length() && src.charAt(i) == '.' && Character.isDigit(src.charAt(i + 1))) {
            isFloat = true;
            i++;
            while (i < src.length() && Character.isDigit(src.charAt(i))) {
                i++;
            }
        }
        if (i < src.length() && (src.charAt(i) == 'e' || src.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < src.length() && (src.charAt(j) == '+' || src.charAt(j) == '-')) {
                j++;
            }
            if (j < src.length() && Character.isDigit(src.charAt(j))) {
                isFloat = true;
                i = j;
                while (i < src.length() && Character.isDigit(src.charAt(i))) {
                    i++;
                }
            }
        }
        add(isFloat ? Token.Kind.FLOAT : Token.Kind.INTEGER, src.substring(start, i).replace("_", ""), start);
        return i;
    }

    private void add(Token.Kind kind, String text, int at) {
        int[] lc = lineColumn(at);
        out.add(new Token(kind, text, lc[0], lc[1]));
    }

    private TemplateException error(String message, int at) {
        int[] lc = lineColumn(at);
        return TemplateException.syntax(message, lc[0], lc[1]);
    }

    private int[] lineColumn(int at) {
        int found = java.util.Arrays.binarySearch(lineStarts, 0, lineCount, at);
        int line = found >= 0 ? found : -found - 2;
        return new int[] {line + 1, at - lineStarts[line] + 1};
    }

    private static boolean onlySpacesAndTabs(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) != ' ' && s.charAt(i) != '\t') {
                return false;
            }
        }
        return true;
    }

    /** Python's {@code str.isspace} for one character. */
    static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\u001c' && c <= '\u001f') || c == '\u0085'
                || c == '\u00a0' || Character.isSpaceChar(c);
    }
}
