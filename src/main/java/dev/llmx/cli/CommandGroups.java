package dev.llmx.cli;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code llmx --help} lists the commands in the order of the pipeline they open up, grouped by stage, so the
 * help reads like the story: text → tokens → … → next token, then the costs around it. A command that is not
 * registered (yet) is simply not listed.
 */
final class CommandGroups implements CommandLine.IHelpSectionRenderer {
    /** Stage title → command names, in pipeline order. */
    static final Map<String, List<String>> STAGES = new LinkedHashMap<>();

    static {
        STAGES.put("Text → tokens", List.of("tokenize"));
        STAGES.put("Model files", List.of("inspect"));
        STAGES.put("Inside the model", List.of("embed", "attend", "layers", "route", "attribute"));
        STAGES.put("Logits → next token", List.of("logits", "sample", "generate", "chat", "perplexity"));
        STAGES.put("Costs", List.of("kv-cost", "quantize", "bench"));
        STAGES.put("Training", List.of("train"));
        STAGES.put("Interactive", List.of("repl"));
    }

    static void install(CommandLine root) {
        root.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING,
                help -> help.subcommands().isEmpty() ? "" : "\nCommands, in pipeline order:\n");
        root.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
                new CommandGroups());
    }

    @Override
    public String render(Help help) {
        Map<String, Help> subcommands = help.subcommands();
        if (subcommands.isEmpty()) {
            return "";
        }
        int nameWidth = subcommands.keySet().stream().mapToInt(String::length).max().orElse(8) + 2;
        StringBuilder sb = new StringBuilder();
        List<String> listed = new ArrayList<>();
        for (Map.Entry<String, List<String>> stage : STAGES.entrySet()) {
            List<String> present = stage.getValue().stream().filter(subcommands::containsKey).toList();
            if (present.isEmpty()) {
                continue;
            }
            sb.append("  ").append(stage.getKey()).append(":\n");
            for (String name : present) {
                appendCommand(sb, name, subcommands.get(name).commandSpec(), nameWidth);
                listed.add(name);
            }
            sb.append('\n');
        }
        List<String> others = subcommands.keySet().stream().filter(n -> !listed.contains(n)).toList();
        if (!others.isEmpty()) {
            sb.append("  Other:\n");
            for (String name : others) {
                appendCommand(sb, name, subcommands.get(name).commandSpec(), nameWidth);
            }
        }
        return sb.toString().stripTrailing() + "\n";
    }

    private static void appendCommand(StringBuilder sb, String name, CommandSpec spec, int nameWidth) {
        String[] description = spec.usageMessage().description();
        String summary = description.length > 0 ? description[0] : "";
        sb.append("    ").append(name).append(" ".repeat(Math.max(1, nameWidth - name.length())))
                .append(summary).append('\n');
    }
}
