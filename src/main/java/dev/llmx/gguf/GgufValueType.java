package dev.llmx.gguf;

/** The value types of GGUF metadata ({@code enum gguf_type}), with the ids files store. */
public enum GgufValueType {
    UINT8(0, 1, "u8"),
    INT8(1, 1, "i8"),
    UINT16(2, 2, "u16"),
    INT16(3, 2, "i16"),
    UINT32(4, 4, "u32"),
    INT32(5, 4, "i32"),
    FLOAT32(6, 4, "f32"),
    BOOL(7, 1, "bool"),
    STRING(8, 8, "string"),
    ARRAY(9, 12, "array"),
    UINT64(10, 8, "u64"),
    INT64(11, 8, "i64"),
    FLOAT64(12, 8, "f64");

    private static final GgufValueType[] BY_ID = values();

    private final int id;
    private final int minBytes;
    private final String shortName;

    GgufValueType(int id, int minBytes, String shortName) {
        this.id = id;
        this.minBytes = minBytes;
        this.shortName = shortName;
    }

    public int id() {
        return id;
    }

    /**
     * The fewest bytes one value takes in a file: its size for numbers, the length prefix for strings, type and
     * count for arrays. Used to refuse counts a file cannot possibly hold before allocating anything.
     */
    public int minBytes() {
        return minBytes;
    }

    /** {@code u32}, {@code string}, … as shown in tables. */
    public String shortName() {
        return shortName;
    }

    public boolean isInteger() {
        return switch (this) {
            case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> true;
            default -> false;
        };
    }

    public boolean isFloat() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /** The type with this id, or {@code null}. */
    public static GgufValueType byId(long id) {
        for (GgufValueType t : BY_ID) {
            if (t.id == id) {
                return t;
            }
        }
        return null;
    }
}
