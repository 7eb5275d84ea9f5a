package fr.interrupt.meshcp.hub.cli;

import java.util.List;
import java.util.regex.Pattern;

/**
 * How `exec ... -- CMD [ARGS]` becomes the one command line the agent runs. A single word is sent as
 * is (it may be a whole shell script: {@code 'ls -la | head'}); several words are each quoted for a
 * POSIX shell where needed and joined with spaces, so {@code ls -la "/my dir"} arrives as
 * {@code ls -la '/my dir'} and means on the remote side what it meant here. Single quotes are also
 * what the agent's own argv splitter understands when allowed_commands is set.
 */
final class ShellWords {
    /** Characters no POSIX shell treats specially anywhere in a word. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ShellWords() {
    }

    static String join(List<String> words) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("no words");
        }
        if (words.size() == 1) {
            return words.get(0);
        }
        StringBuilder line = new StringBuilder();
        for (String word : words) {
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(quote(word));
        }
        return line.toString();
    }

    /** The word itself when it is safe, else in single quotes (an embedded ' becomes '\''). */
    static String quote(String word) {
        if (!word.isEmpty() && SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
