package dev.llmx.cli.inspect;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Shell-style patterns for tensor names: {@code *} any run of characters, {@code ?} one, {@code [abc]} a class. */
public final class Glob {
    private Glob() {
    }

    public static Predicate<String> matcher(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[' -> {
                    int close = glob.indexOf(']', i + 1);
                    if (close < 0) {
                        re.append("\\[");
                    } else {
                        String body = glob.substring(i + 1, close);
                        if (body.startsWith("!")) {
                            body = "^" + body.substring(1);
                        }
                        re.append('[').append(body.replace("\\", "\\\\")).append(']');
                        i = close;
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        Pattern p = Pattern.compile(re.toString());
        return s -> p.matcher(s).matches();
    }
}
