package dev.llmx.bench;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;

/** {@link ColdStartCount} done with jtokkit 1.1.0, for comparison: loads o200k_base and counts "hi". */
public final class ColdStartJtokkitCount {
    private ColdStartJtokkitCount() {
    }

    public static void main(String[] args) {
        System.out.println(Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE)
                .countTokensOrdinary("hi"));
    }
}
