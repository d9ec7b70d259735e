package dev.llmx.cli.chat;

import dev.llmx.engine.Timings;
import dev.llmx.render.Report;
import dev.llmx.render.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One turn of {@code llmx chat} for the transcript ({@code --format jsonl}); keys in docs/chat.md. */
public final class TurnReport implements Report {
    private final ChatLoop.Turn turn;
    private final String user;

    public TurnReport(ChatLoop.Turn turn, String user) {
        this.turn = turn;
        this.user = user;
    }

    @Override
    public Object toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("turn", turn.number());
        m.put("user", user);
        m.put("prompt_tokens", turn.promptTokens());
        m.put("context", turn.contextLength());
        m.put("reused_tokens", turn.reusedTokens());
        m.put("prefilled_tokens", turn.prefilledTokens());
        List<Object> dropped = new ArrayList<>();
        for (Map<Object, Object> d : turn.dropped()) {
            Map<String, Object> msg = new LinkedHashMap<>();
            msg.put("role", String.valueOf(d.get("role")));
            Object content = d.get("content");
            msg.put("content", content == null ? null : String.valueOf(content));
            dropped.add(msg);
        }
        m.put("dropped", dropped);
        m.put("reply", turn.rawReply());
        m.put("message", ChatTurns.assistantMessage(turn.reply()));
        m.put("tokens", turn.result().tokens().length);
        m.put("stop_reason", turn.result().stopReason().jsonName());
        if (turn.stopTokenPiece() != null) {
            Map<String, Object> token = new LinkedHashMap<>();
            token.put("id", turn.result().stopToken());
            token.put("piece", turn.stopTokenPiece());
            m.put("stop_token", token);
        }
        if (turn.stopString() != null) {
            m.put("stop_string", turn.stopString());
        }
        Timings t = turn.timings();
        Map<String, Object> timings = new LinkedHashMap<>();
        timings.put("prefill_ms", t.prefillMillis());
        timings.put("decode_ms", t.decodeMillis());
        timings.put("decode_tokens_per_s", t.decodeTokensPerSecond());
        m.put("timings", timings);
        return m;
    }

    @Override
    public Table toTable() {
        return new Table().right("turn", "prompt_tokens", "context", "reused_tokens", "prefilled_tokens", "dropped",
                        "tokens").left("stop_reason", "user", "reply")
                .row(turn.number(), turn.promptTokens(), turn.contextLength(), turn.reusedTokens(),
                        turn.prefilledTokens(), turn.dropped().size(), turn.result().tokens().length,
                        turn.result().stopReason().jsonName(), user, turn.rawReply());
    }
}
