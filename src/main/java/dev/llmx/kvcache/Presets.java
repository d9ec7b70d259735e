package dev.llmx.kvcache;

import dev.llmx.EditDistance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Real models with the values of their Hugging Face {@code config.json}. Each preset names the config it came
 * from; docs/kv-cost.md lists every value, how it was checked and what could not be.
 */
public final class Presets {
    /** A built-in model and the other names it answers to. */
    public record Preset(KvModel model, List<String> aliases) {
        public String id() {
            return model.id();
        }
    }

    private static final List<Preset> ALL = build();

    private Presets() {
    }

    public static List<Preset> all() {
        return ALL;
    }

    /** The preset called {@code name} (case-insensitive, {@code _} and {@code -} alike), by id or alias. */
    public static Optional<KvModel> find(String name) {
        String key = normalize(name);
        for (Preset p : ALL) {
            if (normalize(p.id()).equals(key) || p.aliases().stream().anyMatch(a -> normalize(a).equals(key))) {
                return Optional.of(p.model());
            }
        }
        return Optional.empty();
    }

    /** Up to {@code limit} preset ids that look like {@code name}: containing it, or a few edits away. */
    public static List<String> closest(String name, int limit) {
        String key = squash(name);
        List<String> contains = new ArrayList<>();
        List<Preset> byDistance = new ArrayList<>(ALL);
        for (Preset p : ALL) {
            if (!key.isEmpty() && squash(p.id()).contains(key)) {
                contains.add(p.id());
            }
        }
        if (!contains.isEmpty()) {
            return contains.subList(0, Math.min(limit, contains.size()));
        }
        byDistance.sort(Comparator.comparingInt(p -> EditDistance.levenshtein(key, squash(p.id()))));
        List<String> out = new ArrayList<>();
        for (Preset p : byDistance) {
            if (out.size() == limit || EditDistance.levenshtein(key, squash(p.id())) > Math.max(3, key.length() / 2)) {
                break;
            }
            out.add(p.id());
        }
        return Collections.unmodifiableList(out);
    }

    private static String normalize(String s) {
        return s.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
    }

    /** Letters and digits only, so that "llama3" finds "llama-3-8b" and "qwen25" finds "qwen2.5-7b". */
    private static String squash(String s) {
        return normalize(s).replaceAll("[^a-z0-9]", "");
    }

    private static String hf(String repo) {
        return "https://huggingface.co/" + repo + "/blob/main/config.json";
    }

    private static List<Preset> build() {
        List<Preset> p = new ArrayList<>();

        // Llama 2: MHA for 7B/13B, GQA (8 KV heads) for 70B; 4k context; untied embeddings.
        p.add(llama("llama-2-7b", "Llama-2-7B", "meta-llama/Llama-2-7b-hf", 32, 4096, 32, 32, 11008, 32000, 4096));
        p.add(llama("llama-2-13b", "Llama-2-13B", "meta-llama/Llama-2-13b-hf", 40, 5120, 40, 40, 13824, 32000,
                4096));
        p.add(llama("llama-2-70b", "Llama-2-70B", "meta-llama/Llama-2-70b-hf", 80, 8192, 64, 8, 28672, 32000,
                4096));
        // Llama 3 / 3.1: 128,256-token vocabulary, GQA with 8 KV heads.
        p.add(llama("llama-3-8b", "Llama-3-8B", "meta-llama/Meta-Llama-3-8B", 32, 4096, 32, 8, 14336, 128256,
                8192));
        p.add(llama("llama-3-70b", "Llama-3-70B", "meta-llama/Meta-Llama-3-70B", 80, 8192, 64, 8, 28672, 128256,
                8192));
        p.add(llama("llama-3.1-8b", "Llama-3.1-8B", "meta-llama/Llama-3.1-8B", 32, 4096, 32, 8, 14336, 128256,
                131072));
        p.add(llama("llama-3.1-70b", "Llama-3.1-70B", "meta-llama/Llama-3.1-70B", 80, 8192, 64, 8, 28672, 128256,
                131072));
        p.add(new Preset(KvModel.builder("llama-3.1-405b", "Llama-3.1-405B").source(hf("meta-llama/Llama-3.1-405B"))
                .shape(126, 16384, 128, 8).headDim(128).ffn(53248).vocab(128256, false).nativeContext(131072)
                .notes("Meta's original MP16 checkpoint duplicated the KV heads to 16 for 16-way tensor parallelism;"
                        + " the Hugging Face config has 8.")
                .build(), List.of("llama-3-405b")));
        // Llama 3.2: small models with tied embeddings and an explicit head_dim.
        p.add(tied(llama("llama-3.2-1b", "Llama-3.2-1B", "meta-llama/Llama-3.2-1B", 16, 2048, 32, 8, 8192, 128256,
                131072), 64));
        p.add(tied(llama("llama-3.2-3b", "Llama-3.2-3B", "meta-llama/Llama-3.2-3B", 28, 3072, 24, 8, 8192, 128256,
                131072), 128));

        p.add(new Preset(KvModel.builder("mistral-7b-v0.1", "Mistral-7B-v0.1").source(hf("mistralai/Mistral-7B-v0.1"))
                .shape(32, 4096, 32, 8).headDim(128).ffn(14336).vocab(32000, false).nativeContext(32768)
                .windows(AttentionWindows.allLayers(32, 4096))
                .notes("sliding_window 4096 on every layer, as transformers applies it; llama.cpp runs this model"
                        + " as plain llama and keeps the whole context. Later Mistral-7B versions dropped the window.")
                .build(), List.of("mistral-7b")));
        p.add(new Preset(KvModel.builder("mixtral-8x7b", "Mixtral-8x7B-v0.1").source(hf("mistralai/Mixtral-8x7B-v0.1"))
                .shape(32, 4096, 32, 8).headDim(128).ffn(14336).vocab(32000, false).nativeContext(32768)
                .moe(new Moe(8, 2, 0, 14336, 0, false, false))
                .build(), List.of("mixtral")));

        // Qwen2.5: q/k/v biases; the small ones tie their embeddings.
        p.add(qwen25("qwen2.5-0.5b", "Qwen2.5-0.5B", "Qwen/Qwen2.5-0.5B", 24, 896, 14, 2, 4864, 151936, true, 32768));
        p.add(qwen25("qwen2.5-1.5b", "Qwen2.5-1.5B", "Qwen/Qwen2.5-1.5B-Instruct", 28, 1536, 12, 2, 8960, 151936,
                true, 32768));
        p.add(qwen25("qwen2.5-3b", "Qwen2.5-3B", "Qwen/Qwen2.5-3B", 36, 2048, 16, 2, 11008, 151936, true, 32768));
        p.add(qwen25("qwen2.5-7b", "Qwen2.5-7B", "Qwen/Qwen2.5-7B", 28, 3584, 28, 4, 18944, 152064, false, 131072));
        p.add(qwen25("qwen2.5-14b", "Qwen2.5-14B", "Qwen/Qwen2.5-14B", 48, 5120, 40, 8, 13824, 152064, false,
                131072));
        p.add(qwen25("qwen2.5-32b", "Qwen2.5-32B", "Qwen/Qwen2.5-32B", 64, 5120, 40, 8, 27648, 152064, false,
                131072));
        p.add(qwen25("qwen2.5-72b", "Qwen2.5-72B", "Qwen/Qwen2.5-72B", 80, 8192, 64, 8, 29568, 152064, false,
                131072));

        // Qwen3: head_dim 128 whatever the width, RMSNorm on q and k, no biases.
        p.add(qwen3("qwen3-0.6b", "Qwen3-0.6B", "Qwen/Qwen3-0.6B", 28, 1024, 16, 8, 3072, true));
        p.add(qwen3("qwen3-1.7b", "Qwen3-1.7B", "Qwen/Qwen3-1.7B", 28, 2048, 16, 8, 6144, true));
        p.add(qwen3("qwen3-4b", "Qwen3-4B", "Qwen/Qwen3-4B", 36, 2560, 32, 8, 9728, true));
        p.add(qwen3("qwen3-8b", "Qwen3-8B", "Qwen/Qwen3-8B", 36, 4096, 32, 8, 12288, false));
        p.add(qwen3("qwen3-14b", "Qwen3-14B", "Qwen/Qwen3-14B", 40, 5120, 40, 8, 17408, false));
        p.add(qwen3("qwen3-32b", "Qwen3-32B", "Qwen/Qwen3-32B", 64, 5120, 64, 8, 25600, false));
        p.add(new Preset(KvModel.builder("qwen3-30b-a3b", "Qwen3-30B-A3B").source(hf("Qwen/Qwen3-30B-A3B"))
                .shape(48, 2048, 32, 4).headDim(128).ffn(6144).vocab(151936, false).nativeContext(40960)
                .qkNorm(true).moe(new Moe(128, 8, 0, 768, 0, false, false))
                .build(), List.of()));

        // Gemma 3: 5 sliding-window layers then 1 global layer; four norms per layer plus q/k norms; tied.
        p.add(gemma3("gemma-3-270m", "Gemma-3-270M", "google/gemma-3-270m", 18, 640, 4, 1, 256, 2048, 262144, 512,
                32768));
        p.add(gemma3("gemma-3-1b", "Gemma-3-1B", "google/gemma-3-1b-pt", 26, 1152, 4, 1, 256, 6912, 262144, 512,
                32768));
        p.add(gemma3("gemma-3-4b", "Gemma-3-4B", "google/gemma-3-4b-pt", 34, 2560, 8, 4, 256, 10240, 262208, 1024,
                131072));
        p.add(gemma3("gemma-3-12b", "Gemma-3-12B", "google/gemma-3-12b-pt", 48, 3840, 16, 8, 256, 15360, 262208,
                1024, 131072));
        p.add(gemma3("gemma-3-27b", "Gemma-3-27B", "google/gemma-3-27b-pt", 62, 5376, 32, 16, 128, 21504, 262208,
                1024, 131072));

        p.add(new Preset(KvModel.builder("phi-3-mini-4k", "Phi-3-mini-4k")
                .source(hf("microsoft/Phi-3-mini-4k-instruct"))
                .shape(32, 3072, 32, 32).headDim(96).ffn(8192).vocab(32064, false).nativeContext(4096)
                .windows(AttentionWindows.allLayers(32, 2047))
                .notes("config.json sets sliding_window 2047 on every layer of a 4096-token model; transformers applies"
                        + " it, runtimes that keep the whole context need twice the cache at 4k.")
                .build(), List.of("phi-3-mini", "phi-3-mini-4k-instruct")));

        // SmolLM2: Llama architecture, tied embeddings, 8k context.
        p.add(tied(llama("smollm2-135m", "SmolLM2-135M", "HuggingFaceTB/SmolLM2-135M", 30, 576, 9, 3, 1536, 49152,
                8192), 64));
        p.add(tied(llama("smollm2-360m", "SmolLM2-360M", "HuggingFaceTB/SmolLM2-360M", 32, 960, 15, 5, 2560, 49152,
                8192), 64));
        p.add(tied(llama("smollm2-1.7b", "SmolLM2-1.7B", "HuggingFaceTB/SmolLM2-1.7B", 24, 2048, 32, 32, 8192, 49152,
                8192), 64));

        p.add(new Preset(KvModel.builder("deepseek-v3", "DeepSeek-V3").source(hf("deepseek-ai/DeepSeek-V3"))
                .shape(61, 7168, 128, 128).headDim(192).valueHeadDim(128).ffn(18432).vocab(129280, false)
                .nativeContext(163840).mla(new Mla(512, 64, 128, 128, 1536))
                .moe(new Moe(256, 8, 1, 2048, 3, true, false))
                .notes("MLA cached as llama.cpp does since PR 19067: 512 latent + 64 RoPE values per token per layer"
                        + " in K, no V cache. The multi-token-prediction layer (num_nextn_predict_layers 1, about 14B"
                        + " parameters) is not counted.")
                .build(), List.of("deepseek-r1")));

        p.add(gptOss("gpt-oss-20b", "gpt-oss-20b", "openai/gpt-oss-20b", 24, 32));
        p.add(gptOss("gpt-oss-120b", "gpt-oss-120b", "openai/gpt-oss-120b", 36, 128));
        return Collections.unmodifiableList(p);
    }

    private static Preset llama(String id, String name, String repo, int layers, int d, int heads, int kvHeads,
                                int ffn, int vocab, int context) {
        return new Preset(KvModel.builder(id, name).source(hf(repo)).shape(layers, d, heads, kvHeads)
                .headDim(d / heads).ffn(ffn).vocab(vocab, false).nativeContext(context).build(), List.of());
    }

    /** The same Llama-style preset with tied embeddings and an explicit head size. */
    private static Preset tied(Preset p, int headDim) {
        KvModel m = p.model();
        return new Preset(KvModel.builder(m.id(), m.name()).source(m.source().orElseThrow())
                .shape(m.layers(), m.dModel(), m.heads(), m.kvHeads()).headDim(headDim).ffn(m.ffn())
                .vocab(m.vocab(), true).nativeContext(m.nativeContext()).build(), p.aliases());
    }

    private static Preset qwen25(String id, String name, String repo, int layers, int d, int heads, int kvHeads,
                                 int ffn, int vocab, boolean tied, int context) {
        return new Preset(KvModel.builder(id, name).source(hf(repo)).shape(layers, d, heads, kvHeads)
                .headDim(d / heads).ffn(ffn).vocab(vocab, tied).nativeContext(context).attentionBias(true, false)
                .build(), List.of());
    }

    private static Preset qwen3(String id, String name, String repo, int layers, int d, int heads, int kvHeads,
                                int ffn, boolean tied) {
        return new Preset(KvModel.builder(id, name).source(hf(repo)).shape(layers, d, heads, kvHeads).headDim(128)
                .ffn(ffn).vocab(151936, tied).nativeContext(40960).qkNorm(true).build(), List.of());
    }

    private static Preset gemma3(String id, String name, String repo, int layers, int d, int heads, int kvHeads,
                                 int headDim, int ffn, int vocab, int window, int context) {
        return new Preset(KvModel.builder(id, name).source(hf(repo)).shape(layers, d, heads, kvHeads)
                .headDim(headDim).ffn(ffn).vocab(vocab, true).nativeContext(context).normsPerLayer(4).qkNorm(true)
                .windows(AttentionWindows.globalEvery(layers, window, 6)).build(), List.of());
    }

    private static Preset gptOss(String id, String name, String repo, int layers, int experts) {
        return new Preset(KvModel.builder(id, name).source(hf(repo)).shape(layers, 2880, 64, 8).headDim(64)
                .ffn(2880).vocab(201088, false).nativeContext(131072).attentionBias(true, true).attentionSinks(true)
                .moe(new Moe(experts, 4, 0, 2880, 0, true, true))
                .windows(AttentionWindows.globalEvery(layers, 128, 2))
                .notes("Even layers use a 128-token sliding window, odd layers full attention. The checkpoint stores"
                        + " the experts as MXFP4; use --weight-type mxfp4 for a rough size.")
                .build(), List.of());
    }
}
