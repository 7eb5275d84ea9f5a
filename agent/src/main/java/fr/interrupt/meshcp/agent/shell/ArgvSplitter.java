package fr.interrupt.meshcp.agent.shell;

import fr.interrupt.meshcp.agent.Refusal;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command into argv for running without a shell: words separated by blanks, 'single quotes' taken
 * literally, "double quotes" with \" and \\ escapes, and a backslash escaping the next character.
 * Shell syntax is refused, not parsed: any of {@code ; & | $ ` < > ( ) * ? [ ] { }} and control characters
 * other than blanks, wherever they appear, even quoted, so nothing can ever mean what a shell would make of it.
 */
public final class ArgvSplitter {
    static final String FORBIDDEN = ";&|$`<>()*?[]{}";

    private ArgvSplitter() {
    }

    public static List<String> split(String command) {
        refuseShellSyntax(command);
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < command.length()) {
            char c = command.charAt(i);
            if (c == ' ' || c == '\t') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                int end = command.indexOf('\'', i + 1);
                if (end < 0) {
                    throw Refusal.invalid("unterminated single quote in command");
                }
                word.append(command, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i = doubleQuoted(command, i + 1, word);
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= command.length()) {
                    throw Refusal.invalid("command ends with a lone backslash");
                }
                word.append(command.charAt(i + 1));
                inWord = true;
                i += 2;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw Refusal.invalid("command is empty");
        }
        return words;
    }

    /** Appends the content of a double-quoted string starting after its opening quote; returns the index after the closing one. */
    private static int doubleQuoted(String command, int start, StringBuilder word) {
        int i = start;
        while (i < command.length()) {
            char c = command.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < command.length() && (command.charAt(i + 1) == '"' || command.charAt(i + 1) == '\\')) {
                word.append(command.charAt(i + 1));
                i += 2;
            } else {
                word.append(c);
                i++;
            }
        }
        throw Refusal.invalid("unterminated double quote in command");
    }

    private static void refuseShellSyntax(String command) {
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (FORBIDDEN.indexOf(c) >= 0) {
                throw Refusal.invalid("shell syntax is not allowed when allowed_commands is set: '" + c + "'");
            }
            if (c == '\n') {
                throw Refusal.invalid("shell syntax is not allowed when allowed_commands is set: newline");
            }
            if (c == '\r') {
                throw Refusal.invalid("shell syntax is not allowed when allowed_commands is set: carriage return");
            }
            if (c == '\0') {
                throw Refusal.invalid("shell syntax is not allowed when allowed_commands is set: NUL byte");
            }
            if (c != '\t' && Character.isISOControl(c)) {
                throw Refusal.invalid("shell syntax is not allowed when allowed_commands is set: control character U+"
                        + String.format("%04X", (int) c));
            }
        }
    }
}
