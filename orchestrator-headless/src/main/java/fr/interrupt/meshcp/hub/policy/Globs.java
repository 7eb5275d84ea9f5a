package fr.interrupt.meshcp.hub.policy;

import java.util.regex.Pattern;

/**
 * Shell-style globs as the policy uses them: {@code *} matches any run of characters (spaces and slashes included),
 * {@code ?} exactly one; everything else matches itself, case-sensitively. The whole text must match.
 */
final class Globs {
    private Globs() {
    }

    /** The regular expression equivalent to {@code glob}. */
    static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    static boolean matches(String glob, String text) {
        return compile(glob).matcher(text).matches();
    }

    static boolean hasWildcard(String glob) {
        return glob.indexOf('*') >= 0 || glob.indexOf('?') >= 0;
    }

    /** Characters that match only themselves: the more a glob has, the more specific it is. */
    static int literalCount(String glob) {
        int n = 0;
        for (int i = 0; i < glob.length(); i++) {
            n += glob.charAt(i) == '*' || glob.charAt(i) == '?' ? 0 : 1;
        }
        return n;
    }
}
