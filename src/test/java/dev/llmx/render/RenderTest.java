package dev.llmx.render;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared renderer: widths, tables, JSON, CSV, pictures. */
class RenderTest {
    @Test
    void displayWidthCountsColumnsNotChars() {
        assertEquals(5, DisplayWidth.of("hello"));
        assertEquals(6, DisplayWidth.of("日本語"));
        assertEquals(2, DisplayWidth.of("🤯"));
        assertEquals(2, DisplayWidth.of("e\u0301e"), "combining acute takes no column");
        assertEquals(0, DisplayWidth.of("\u200d"), "zero-width joiner");
        assertEquals(4, DisplayWidth.of("한국"));
    }

    @Test
    void tableColumnsAlignByDisplayWidth() {
        StringWriter sw = new StringWriter();
        TextOut out = new TextOut(new PrintWriter(sw), new Style(false), 100);
        out.table(new Table().left("piece").right("id").row("日本", 1).row("a", 22).row("🤯x", 333));
        out.flush();
        List<String> lines = sw.toString().lines().toList();
        int width = DisplayWidth.of(lines.get(0));
        for (String line : lines) {
            assertEquals(width, DisplayWidth.of(line), "every row as wide as the header: '" + line + "'");
        }
        assertTrue(lines.get(1).endsWith("  1"));
    }

    @Test
    void jsonPrettyKeepsFlatThingsOnOneLineAndEscapes() {
        Map<String, Object> token = new java.util.LinkedHashMap<>();
        token.put("id", 1);
        token.put("piece", "a\"b\n\u0001");
        token.put("bytes", new byte[] {(byte) 0xF0, 65});
        Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("ids", new int[] {1, 2});
        doc.put("tokens", List.of(token));
        doc.put("logit", Float.NEGATIVE_INFINITY);
        doc.put("prob", 0.25);
        String pretty = JsonWriter.toString(doc, true);
        assertEquals("""
                {
                  "ids": [1, 2],
                  "tokens": [
                    {"id": 1, "piece": "a\\"b\\n\\u0001", "bytes": [240, 65]}
                  ],
                  "logit": null,
                  "prob": 0.25
                }""", pretty);
        String compact = JsonWriter.toString(doc, false);
        assertFalse(compact.contains("\n"));
        assertEquals("{\"ids\":[1,2],\"tokens\":[{\"id\":1,\"piece\":\"a\\\"b\\n\\u0001\",\"bytes\":[240,65]}],"
                + "\"logit\":null,\"prob\":0.25}", compact);
    }

    @Test
    void csvQuotesOnlyWhatNeedsIt() {
        assertEquals("plain", CsvWriter.escape("plain"));
        assertEquals("\"a,b\"", CsvWriter.escape("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvWriter.escape("say \"hi\""));
        assertEquals("\"two\nlines\"", CsvWriter.escape("two\nlines"));
        assertEquals("\" lead\"", CsvWriter.escape(" lead"));
    }

    @Test
    void picturesScaleAndStayPlainWithoutColour() {
        assertEquals("▁▅█", Pictures.sparkline(new float[] {0, 0.5f, 1}));
        assertEquals("█████     ", Pictures.bar(0.5, 10));
        assertEquals("██", Pictures.heatCell(1.0, new Style(false)));
        assertTrue(Pictures.heatCell(1.0, new Style(true)).contains("\u001b[48;5;"));
    }

    @Test
    void visibleShowsWhitespaceAndBrokenUtf8() {
        assertEquals("a·b↵→␍", Visible.text("a b\n\t\r"));
        assertEquals("<F0 9F>", Visible.bytes(new byte[] {(byte) 0xF0, (byte) 0x9F}));
        assertEquals("·x", Visible.bytes(new byte[] {' ', 'x'}));
    }

    @Test
    void unitsAreBinaryAndLabelled() {
        assertEquals("512 B", Units.bytes(512));
        assertEquals("1.00 GiB", Units.bytes(1L << 30));
        assertEquals("128 KiB", Units.bytes(131_072));
        assertEquals(24L << 30, Units.parseBytes("24GiB"));
        assertEquals(24L << 30, Units.parseBytes("24G"));
        assertEquals(512_000_000L, Units.parseBytes("512MB"));
        assertEquals("6.74G", Units.count(6_738_415_616.0));
    }

    @Test
    void fixedDecimalsRoundHalfUpWithoutFormatter() {
        assertEquals("2.50", Cells.fixed(2.5, 2));
        assertEquals("3.95", Cells.fixed(3.9493, 2));
        assertEquals("0.01", Cells.fixed(0.005, 2));
        assertEquals("-1.5", Cells.fixed(-1.45, 1));
        assertEquals("0.0", Cells.fixed(-0.01, 1));
        assertEquals("7", Cells.fixed(7.4, 0));
        assertEquals("123456.789", Cells.fixed(123456.789, 3));
        assertEquals("NaN", Cells.fixed(Double.NaN, 2));
    }

    @Test
    void noColorAndDumbTerminalsForbidColour() {
        assertFalse(Terminal.colorPermitted(Map.of("NO_COLOR", "1")));
        assertTrue(Terminal.colorPermitted(Map.of("NO_COLOR", "")), "empty NO_COLOR does not count (no-color.org)");
        assertFalse(Terminal.colorPermitted(Map.of("TERM", "dumb")));
        assertTrue(Terminal.colorPermitted(Map.of()));
    }

    @Test
    void onATerminalTheWidestTextColumnIsCutToFitAndInAPipeNothingIs() {
        Table t = new Table().left("key", "value").right("n")
                .row("tokenizer.ggml.tokens", "[<unk>, <s>, </s>, " + "x, ".repeat(40) + "…]", 32000)
                .row("general.name", "llama", 1);
        StringWriter tty = new StringWriter();
        TextOut fitted = new TextOut(new PrintWriter(tty), new Style(false), 60, true);
        fitted.table(t);
        fitted.flush();
        tty.toString().lines().forEach(l -> assertTrue(DisplayWidth.of(l) <= 60, l));
        assertTrue(tty.toString().contains("…  32000"), tty.toString());
        assertTrue(tty.toString().contains("general.name"), "the key column is not the one cut");
        StringWriter pipe = new StringWriter();
        TextOut whole = new TextOut(new PrintWriter(pipe), new Style(false), 60, false);
        whole.table(t);
        whole.flush();
        assertTrue(pipe.toString().lines().anyMatch(l -> l.length() > 100), "a pipe gets every cell whole");
    }

    @Test
    void aTableOfManyNumberColumnsIsWindowedOnATerminalAndWholeInAPipe() {
        Table t = new Table().left("token");
        for (int c = 0; c < 20; c++) {
            t.right("dim_" + c);
        }
        Object[] row = new Object[21];
        row[0] = "Once";
        for (int c = 1; c <= 20; c++) {
            row[c] = -0.123456 * c;
        }
        t.row(row);
        StringWriter tty = new StringWriter();
        TextOut fitted = new TextOut(new PrintWriter(tty), new Style(false), 60, true);
        fitted.table(t);
        fitted.flush();
        tty.toString().lines().forEach(l -> assertTrue(DisplayWidth.of(l) <= 60, l));
        assertTrue(tty.toString().contains("more columns (--format csv has all)"), tty.toString());
        assertTrue(tty.toString().contains("dim_0"), tty.toString());
        StringWriter pipe = new StringWriter();
        TextOut whole = new TextOut(new PrintWriter(pipe), new Style(false), 60, false);
        whole.table(t);
        whole.flush();
        assertTrue(pipe.toString().contains("dim_19"), "a pipe gets every column");
        assertFalse(pipe.toString().contains("more columns"), pipe.toString());
    }

    @Test
    void aHeatmapTooWideIsAveragedOverBlocks() {
        float[][] m = new float[300][300];
        for (int i = 0; i < 300; i++) {
            for (int j = 0; j < 300; j++) {
                m[i][j] = i / 100 == j / 100 ? 1 : -1; // three blocks of 100 on the diagonal
            }
        }
        List<String> labels = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            labels.add(Integer.toString(i));
        }
        List<String> lines = Heatmap.fitted(Matrix.of(m), labels, -1, 1, new Style(false), 80);
        lines.forEach(l -> assertTrue(DisplayWidth.of(l) <= 80, l));
        assertTrue(lines.get(0).startsWith("means of 9 × 9 blocks to fit 80 columns"), lines.get(0));
        Matrix means = Heatmap.averaged(Matrix.of(m), 9, 9);
        assertEquals(34, means.rows());
        assertEquals(1.0, means.get(0, 0), 1e-6);
        assertEquals(-1.0, means.get(0, 33), 1e-6);
        assertEquals(-7 / 9.0, means.get(0, 11), 1e-6, "columns 99…107: one 1 and eight −1");
        Matrix small = Matrix.of(new float[3][3]);
        assertEquals(Heatmap.draw(small, List.of("a", "b", "c"), -1, 1, new Style(false)),
                Heatmap.fitted(small, List.of("a", "b", "c"), -1, 1, new Style(false), 80), "a small map is drawn whole");
    }

    /** The streamed table (widths known up front, rows written as they come) prints what the kept table prints. */
    @Test
    void aStreamedTableIsTheSameTableWithoutKeepingItsRows() {
        Object[][] rows = {{0, 31373, "hello", 0, 5}, {1, 995, "·world", 5, 11}, {12, 7, "日本", 11, 13}};
        Table kept = new Table().right("index", "id").left("piece").right("start", "end");
        for (Object[] r : rows) {
            kept.row(r);
        }
        for (boolean fit : new boolean[] {false, true}) {
            StringWriter a = new StringWriter();
            TextOut ta = new TextOut(new PrintWriter(a), new Style(false), 20, fit);
            ta.table(kept);
            ta.flush();
            StringWriter b = new StringWriter();
            TextOut tb = new TextOut(new PrintWriter(b), new Style(false), 20, fit);
            tb.table(new Table().right("index", "id").left("piece").right("start", "end"), new int[] {2, 5, 6, 2, 2},
                    java.util.Arrays.asList(rows).iterator());
            tb.flush();
            assertEquals(a.toString(), b.toString(), "fit " + fit);
        }
    }
}
