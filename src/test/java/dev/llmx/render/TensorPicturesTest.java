package dev.llmx.render;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorPicturesTest {
    @Test
    void heatmapShadesEachCellAndMarksMaskedOnes() {
        float[][] weights = {
            {1f, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY},
            {0.5f, 0.5f, Float.NEGATIVE_INFINITY},
            {0f, 0.25f, 0.75f}};
        List<String> lines = Heatmap.draw(Matrix.of(weights), List.of("The", "·cat", "·sat"), 0, 1,
                new Style(false));
        assertEquals("      0 1 2", lines.get(0));
        assertEquals(" The ██ · ·", lines.get(1));
        assertEquals("·cat ▒▒▒▒ ·", lines.get(2));
        assertEquals("·sat   ░░▓▓", lines.get(3));
        assertTrue(lines.get(4).startsWith("scale "));
        int width = DisplayWidth.of(lines.get(1));
        assertEquals(width, DisplayWidth.of(lines.get(3)), "rows align");
    }

    @Test
    void heatmapNumbersColumnsInTensBeyondTen() {
        float[][] wide = new float[1][12];
        List<String> lines = Heatmap.draw(Matrix.of(wide), List.of("x"), 0, 1, new Style(false));
        assertEquals("  0                   1", lines.get(0));
        assertEquals("   0 1 2 3 4 5 6 7 8 9 0 1", lines.get(1));
    }

    @Test
    void numberGridShowsTheCornersOfABigMatrix() {
        float[] values = new float[100 * 100];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        Table t = NumberGrid.excerpt(Matrix.rowMajor(values, 100), 2);
        assertEquals(List.of("row", "0", "1", "…", "98", "99"), t.columns().stream().map(Table.Column::name).toList());
        assertEquals(5, t.rows().size());
        assertEquals("9999", t.rows().get(4).get(5));
        assertEquals("…", t.rows().get(2).get(0));
        assertEquals(List.of(0, 1, 2), NumberGrid.indices(3, 2));
    }
}
