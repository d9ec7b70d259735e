package dev.llmx.cli.inspect;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GlobTest {
    @Test
    void shellStylePatterns() {
        assertTrue(Glob.matcher("blk.0.*").test("blk.0.attn_q.weight"));
        assertFalse(Glob.matcher("blk.0.*").test("blk.10.attn_q.weight"));
        assertFalse(Glob.matcher("blk.0.*").test("blkX0.attn_q.weight"), "a dot is a dot");
        assertTrue(Glob.matcher("blk.?.ffn_*").test("blk.3.ffn_up.weight"));
        assertTrue(Glob.matcher("blk.[12].*").test("blk.2.attn_k.weight"));
        assertFalse(Glob.matcher("blk.[!12].*").test("blk.2.attn_k.weight"));
        assertFalse(Glob.matcher("*attn_q*").test("model.layers.0.self_attn.q_proj.weight"));
        assertTrue(Glob.matcher("token_embd.weight").test("token_embd.weight"));
        assertTrue(Glob.matcher("a(b)+[").test("a(b)+["), "regex characters are literal");
    }
}
