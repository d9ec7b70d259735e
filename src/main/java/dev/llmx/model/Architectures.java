package dev.llmx.model;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What llmx knows about architectures by name: the RoPE layout llama.cpp uses for each GGUF architecture
 * ({@code llama_model_rope_type}), and the GGUF name of each Hugging Face {@code model_type}.
 */
public final class Architectures {
    /** llama.cpp's LLAMA_ROPE_TYPE_NORM archs: pairs of adjacent values (their converters permute q/k rows). */
    private static final Set<String> INTERLEAVED = Set.of("llama", "llada", "llama4", "deci", "baichuan", "starcoder",
            "plamo", "orion", "internlm2", "minicpm", "xverse", "command-r", "cohere2", "olmo", "arctic", "deepseek",
            "deepseek2", "plm", "chatglm", "glm4", "granite", "granitemoe", "granitehybrid", "chameleon", "bailingmoe",
            "neo-bert", "smollm3", "arcee", "ernie4_5", "ernie4_5-moe", "mistral3", "solar");

    /** llama.cpp's LLAMA_ROPE_TYPE_NEOX archs: pairs offset by half the rotated dimensions. */
    private static final Set<String> HALVES = Set.of("falcon", "grok", "dbrx", "bert", "nomic-bert", "nomic-bert-moe",
            "stablelm", "bitnet", "qwen", "qwen2", "qwen2moe", "qwen3", "qwen3moe", "olmo2", "olmoe", "phi2", "phi3",
            "phimoe", "plamo2", "gemma", "gemma2", "gemma3", "gemma3n", "starcoder2", "openelm", "gptneox", "codeshell",
            "exaone", "exaone4", "minicpm3", "dots1", "hunyuan-moe", "hunyuan-dense", "gpt-oss", "lfm2", "nemotron",
            "falcon-h1", "seed_oss", "apertus");

    /** Architectures without RoPE. */
    private static final Set<String> NONE = Set.of("gpt2", "gptj", "mpt", "refact", "bloom", "mamba", "mamba2", "jamba",
            "jina-bert-v2", "t5", "t5encoder", "jais", "rwkv6", "rwkv6qwen2", "rwkv7", "arwkv7", "wavtokenizer-dec");

    /** Hugging Face model_type → llama.cpp architecture, where they differ or where the mapping is not obvious. */
    private static final Map<String, String> HF_TO_GGUF = new HashMap<>();

    static {
        HF_TO_GGUF.put("mistral", "llama");
        HF_TO_GGUF.put("mixtral", "llama");
        HF_TO_GGUF.put("qwen2_moe", "qwen2moe");
        HF_TO_GGUF.put("qwen3_moe", "qwen3moe");
        HF_TO_GGUF.put("gemma3_text", "gemma3");
        HF_TO_GGUF.put("phi", "phi2");
        HF_TO_GGUF.put("gpt_neox", "gptneox");
        HF_TO_GGUF.put("deepseek_v2", "deepseek2");
        HF_TO_GGUF.put("cohere", "command-r");
        HF_TO_GGUF.put("gpt_oss", "gpt-oss");
        HF_TO_GGUF.put("granitemoe", "granitemoe");
    }

    private Architectures() {
    }

    /** The layout llama.cpp uses for GGUF files of {@code arch}. */
    public static RopeLayout ggufRopeLayout(String arch) {
        if (INTERLEAVED.contains(arch)) {
            return RopeLayout.INTERLEAVED;
        }
        if (HALVES.contains(arch)) {
            return RopeLayout.HALVES;
        }
        return NONE.contains(arch) ? RopeLayout.NONE : RopeLayout.UNKNOWN;
    }

    /** The GGUF architecture name for a Hugging Face {@code model_type}. */
    public static String fromHfModelType(String modelType) {
        String t = modelType.toLowerCase(Locale.ROOT);
        return HF_TO_GGUF.getOrDefault(t, t);
    }

    /** Archs whose Hugging Face norms apply 1 + w (Gemma's RMSNorm). */
    static boolean hfNormPlusOne(String arch) {
        return arch.equals("gemma") || arch.equals("gemma2") || arch.equals("gemma3") || arch.equals("gemma3n");
    }
}
