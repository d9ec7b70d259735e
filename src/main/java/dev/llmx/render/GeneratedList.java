package dev.llmx.render;

import java.util.AbstractList;
import java.util.RandomAccess;
import java.util.function.IntFunction;

/**
 * A JSON array whose elements are made when the writer reaches them and dropped right after: a report of millions
 * of items (tokenize on 50 MB) holds none of them as objects, and its JSON streams in memory proportional to one
 * item. {@link JsonWriter} reads each element once.
 */
public final class GeneratedList extends AbstractList<Object> implements RandomAccess {
    private final int size;
    private final IntFunction<Object> element;
    private final boolean scalars;

    private GeneratedList(int size, IntFunction<Object> element, boolean scalars) {
        this.size = size;
        this.element = element;
        this.scalars = scalars;
    }

    /** {@code size} elements, element {@code i} made by {@code element}; objects or arrays (one per line in JSON). */
    public static GeneratedList ofObjects(int size, IntFunction<Object> element) {
        return new GeneratedList(size, element, false);
    }

    /** Whether every element is a scalar (the array is then written on one line), known without making them. */
    boolean scalars() {
        return scalars;
    }

    @Override
    public Object get(int index) {
        return element.apply(index);
    }

    @Override
    public int size() {
        return size;
    }
}
