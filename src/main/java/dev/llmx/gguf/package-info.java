/**
 * GGUF, llama.cpp's model format: {@link dev.llmx.gguf.GgufFile} opens and validates a file (versions 2 and 3,
 * untrusted input checked field by field) and maps its tensors; {@link dev.llmx.gguf.GgufMetadata} holds the typed
 * key/values; {@link dev.llmx.gguf.GgufWriter} writes files as llama.cpp does, atomically.
 */
package dev.llmx.gguf;
