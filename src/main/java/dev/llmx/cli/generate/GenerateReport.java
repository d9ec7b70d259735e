package dev.llmx.cli.generate;

import dev.llmx.engine.Generator;
import dev.llmx.engine.Timings;
import dev.llmx.render.Cells;
import dev.llmx.render.Report;
import dev.llmx.render.Table;
import dev.llmx.render.TextOut;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of {@code llmx generate} for scripts (JSON, CSV; the human view streams the text as it is generated
 * and is not made from this report). JSON in docs/generate.md.
 */
public final class GenerateReport implements Report {
    private final Generator.Result result;
    private final String text;
    private final long seed;
    private final int threads;
    private final String kernels;

    private String stopTokenPiece;
    private String stopString;
    private Map<String, Object> message;

    public GenerateReport(Generator.Result result, String text, long seed, int threads, String kernels) {
        this.result = result;
        this.text = text;
        this.seed = seed;
        this.threads = threads;
        this.kernels = kernels;
    }

    /** Says which end-of-generation token (its text) or stop string ended generation. */
    public GenerateReport stoppedBy(String tokenPiece, String string) {
        this.stopTokenPiece = tokenPiece;
        this.stopString = string;
        return this;
    }

    /** The reply taken apart as an assistant message ({@code generate --chat}). */
    public GenerateReport message(Map<String, Object> assistantMessage) {
        this.message = assistantMessage;
        return this;
    }

    /** "eog <|im_end|>", "stop_string \"\\n\"", "length" … for the summary line. */
    public String stopDescription() {
        String reason = result.stopReason().jsonName();
        if (stopTokenPiece != null) {
            return reason + " " + dev.llmx.render.Visible.text(stopTokenPiece);
        }
        if (stopString != null) {
            return reason + " \"" + dev.llmx.render.Visible.text(stopString) + "\"";
        }
        return reason;
    }

    @Override
    public Object toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("prompt_tokens", result.promptTokens());
        m.put("tokens", result.tokens());
        m.put("text", text);
        m.put("stop_reason", result.stopReason().jsonName());
        if (result.stopToken() >= 0) {
            Map<String, Object> token = new LinkedHashMap<>();
            token.put("id", result.stopToken());
            token.put("piece", stopTokenPiece);
            m.put("stop_token", token);
        }
        if (stopString != null) {
            m.put("stop_string", stopString);
        }
        if (message != null) {
            m.put("message", message);
        }
        m.put("seed", seed);
        Timings t = result.timings();
        Map<String, Object> timings = new LinkedHashMap<>();
        timings.put("prefill_tokens", t.prefillTokens());
        timings.put("prefill_ms", t.prefillMillis());
        timings.put("prefill_tokens_per_s", t.prefillTokensPerSecond());
        timings.put("decode_tokens", t.decodeTokens());
        timings.put("decode_ms", t.decodeMillis());
        timings.put("decode_tokens_per_s", t.decodeTokensPerSecond());
        timings.put("threads", threads);
        timings.put("kernels", kernels);
        m.put("timings", timings);
        return m;
    }

    @Override
    public Table toTable() {
        Timings t = result.timings();
        return new Table().right("prompt_tokens", "tokens").left("stop_reason")
                .right("prefill_ms", "prefill_tokens_per_s", "decode_ms", "decode_tokens_per_s").left("text")
                .row(result.promptTokens().length, result.tokens().length, result.stopReason().jsonName(),
                        t.prefillMillis(), t.prefillTokensPerSecond(), t.decodeMillis(), t.decodeTokensPerSecond(),
                        text);
    }

    @Override
    public void writeText(TextOut out) {
        out.line(text);
    }

    /** The one-line summary for standard error. */
    private static String tokens(long n) {
        return n + (n == 1 ? " token" : " tokens");
    }

    public String timingLine() {
        Timings t = result.timings();
        return tokens(result.tokens().length) + " (" + stopDescription() + "); prefill "
                + tokens(t.prefillTokens()) + " in " + Cells.number(round(t.prefillMillis())) + " ms ("
                + Cells.number(Math.round(t.prefillTokensPerSecond())) + " tokens/s), decode " + tokens(t.decodeTokens())
                + " in " + Cells.number(round(t.decodeMillis())) + " ms ("
                + Cells.number(Math.round(t.decodeTokensPerSecond())) + " tokens/s); " + threads + " thread"
                + (threads == 1 ? "" : "s") + ", " + kernels + " kernels";
    }

    private static double round(double ms) {
        return Math.round(ms * 10) / 10.0;
    }
}
