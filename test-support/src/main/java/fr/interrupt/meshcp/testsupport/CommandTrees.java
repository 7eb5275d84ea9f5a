package fr.interrupt.meshcp.testsupport;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** The commands of a picocli program, found by walking its tree, so a test covers every command, new ones too. */
public final class CommandTrees {
    private CommandTrees() {
    }

    /** The path of every command: the root itself first (an empty path), then "token", "token create"... */
    public static List<List<String>> paths(CommandLine root) {
        List<List<String>> paths = new ArrayList<>();
        paths.add(List.of());
        walk(root, new ArrayList<>(), paths);
        return paths;
    }

    private static void walk(CommandLine parent, List<String> prefix, List<List<String>> paths) {
        parent.getSubcommands().forEach((name, sub) -> {
            List<String> path = new ArrayList<>(prefix);
            path.add(name);
            paths.add(path);
            walk(sub, path, paths);
        });
    }
}
