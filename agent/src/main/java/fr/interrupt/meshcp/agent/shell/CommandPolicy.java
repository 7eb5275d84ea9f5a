package fr.interrupt.meshcp.agent.shell;

import fr.interrupt.meshcp.agent.Refusal;
import fr.interrupt.meshcp.agent.config.ShellConfig;
import fr.interrupt.meshcp.shared.text.Printable;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a requested command into the argv to execute. Without allowed_commands: the platform shell
 * ({@code sh -c}, {@code cmd.exe /c}). With it: no shell at all; the command is split into words, its first
 * word must be a bare name from the list, and it is resolved through the agent's PATH to an absolute file.
 */
public final class CommandPolicy {
    private final List<String> allowed;
    private final String searchPath;
    private final boolean windows;

    public CommandPolicy(ShellConfig config, String searchPath, boolean windows) {
        this.allowed = config.allowedCommands();
        this.searchPath = searchPath == null ? "" : searchPath;
        this.windows = windows;
    }

    public static CommandPolicy forThisMachine(ShellConfig config) {
        return new CommandPolicy(config, System.getenv("PATH"), System.getProperty("os.name", "").startsWith("Windows"));
    }

    public boolean restricted() {
        return !allowed.isEmpty();
    }

    public List<String> argv(String command) {
        if (command == null || command.isBlank()) {
            throw Refusal.invalid("command is empty");
        }
        if (command.indexOf('\0') >= 0) {
            throw Refusal.invalid("command contains a NUL byte");
        }
        if (!restricted()) {
            return windows ? List.of("cmd.exe", "/c", command) : List.of("/bin/sh", "-c", command);
        }
        List<String> words = ArgvSplitter.split(command);
        String name = words.get(0);
        if (name.contains("/") || name.contains("\\")) {
            throw Refusal.denied("command must be a bare name from allowed_commands, not a path: " + Printable.of(name, 80));
        }
        if (!allowed.contains(name)) {
            throw Refusal.denied("command " + Printable.of(name, 80) + " is not in allowed_commands (allowed: " + String.join(", ", allowed) + ")");
        }
        List<String> argv = new ArrayList<>(words);
        argv.set(0, resolve(name).toString());
        return argv;
    }

    /**
     * The login shell for a terminal session without a command: the agent user's {@code $SHELL} when it is an absolute
     * path to an executable, else {@code /bin/sh}, with {@code -l}. Refused (PERMISSION_DENIED) when allowed_commands is
     * set: a shell would run anything.
     */
    public List<String> loginShell() {
        if (restricted()) {
            throw Refusal.denied("a login shell is not in allowed_commands (allowed: " + String.join(", ", allowed) + ")");
        }
        String shell = System.getenv("SHELL");
        boolean usable = shell != null && shell.startsWith("/") && Files.isExecutable(Path.of(shell));
        return List.of(usable ? shell : "/bin/sh", "-l");
    }

    /** The first executable regular file named name in an absolute PATH directory. */
    private Path resolve(String name) {
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            try {
                Path directory = Path.of(dir);
                if (!directory.isAbsolute()) {
                    continue;
                }
                for (String candidateName : windows ? List.of(name + ".exe", name + ".cmd", name + ".bat") : List.of(name)) {
                    Path candidate = directory.resolve(candidateName);
                    if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        return candidate;
                    }
                }
            } catch (InvalidPathException e) {
                // A PATH entry that is not a path: skip it.
            }
        }
        throw Refusal.precondition("command " + name + " is in allowed_commands but was not found on the agent's PATH");
    }

}
