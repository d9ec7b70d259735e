package dev.llmx.render;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GeneratedListTest {
    @Test
    void theWriterMakesEachElementOnceAndWritesWhatAListOfThemWouldGive() {
        int[] made = new int[1];
        List<Object> generated = GeneratedList.ofObjects(1000, i -> {
            made[0]++;
            return Map.of("id", i);
        });
        List<Object> held = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            held.add(Map.of("id", i));
        }
        for (boolean pretty : new boolean[] {true, false}) {
            made[0] = 0;
            assertEquals(JsonWriter.toString(Map.of("tokens", held), pretty),
                    JsonWriter.toString(Map.of("tokens", generated), pretty));
            assertEquals(1000, made[0], "one pass, no look-ahead that would make them all first");
        }
    }
}
