package fr.interrupt.meshcp.hub.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who holds a lock on a file, from Linux's /proc/locks (proc(5): "ordinal: type advisory mode PID major:minor:inode
 * start end"), named as a person can act on it: "pid 123 (orchestrator-headless serve) of user bob". Elsewhere, or
 * when /proc cannot tell, it says nothing.
 */
final class LockHolders {
    private static final Path PROC = Path.of("/proc");

    private LockHolders() {
    }

    /** The processes holding a lock on {@code file}, described; empty when unknown. */
    static Optional<String> describe(Path file) {
        try {
            long inode = ((Number) Files.getAttribute(file, "unix:ino")).longValue();
            List<String> holders = new ArrayList<>();
            for (String line : Files.readAllLines(PROC.resolve("locks"), StandardCharsets.US_ASCII)) {
                String[] fields = line.trim().split("\\s+");
                // "->" marks a waiter, not a holder: its fields shift by one
                if (fields.length >= 6 && !fields[1].equals("->") && fields[5].endsWith(":" + inode)) {
                    holders.add(process(fields[4]));
                }
            }
            return holders.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", holders));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String process(String pid) {
        Path dir = PROC.resolve(pid);
        String command = "";
        try {
            command = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (IOException e) {
            // gone or hidden: the pid alone still helps
        }
        String user = "";
        try {
            user = " of user " + Files.getOwner(dir).getName();
        } catch (IOException e) {
            // same as above
        }
        String shortCommand = fr.interrupt.meshcp.shared.text.Printable.of(shortened(command), 80);
        return "pid " + pid + (shortCommand.isEmpty() ? "" : " (" + shortCommand + ")") + user;
    }

    /** A Java command line is long: keep the main class or jar and what follows it. */
    private static String shortened(String command) {
        String[] words = command.split(" ");
        for (int i = 0; i < words.length; i++) {
            if (words[i].startsWith("fr.interrupt.meshcp.")) {
                String main = words[i].substring(words[i].lastIndexOf('.') + 1);
                return (main + " " + String.join(" ", java.util.Arrays.copyOfRange(words, i + 1, words.length))).trim();
            }
        }
        return command;
    }
}
