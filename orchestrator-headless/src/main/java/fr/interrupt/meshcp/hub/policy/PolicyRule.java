package fr.interrupt.meshcp.hub.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.shared.text.Printable;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One rule of the hub's policy for MCP callers, as stored in mcp-policy.json.
 *
 * @param pattern         a machine name ({@code db-1}) or a glob over names ({@code db-*}, {@code *}); lowercase letters,
 *                        digits, hyphens, {@code *} and {@code ?}, at most 63 characters
 * @param mode            what Claude may do on the machines it matches
 * @param deniedCommands  globs over the whole command line ({@code *} spans spaces: {@code *rm -rf*}); a command
 *                        that matches one is refused on every machine the rule matches
 * @param allowedPaths    absolute path prefixes, compared component by component; empty: any path the agent allows
 */
public record PolicyRule(String pattern, PolicyMode mode,
                         @JsonProperty("denied_commands") List<String> deniedCommands,
                         @JsonProperty("allowed_paths") List<String> allowedPaths) {
    private static final Pattern MACHINE_GLOB = Pattern.compile("[a-z0-9*?-]{1,63}");
    /** Longest denied-command glob. */
    public static final int MAX_COMMAND_GLOB = 500;

    /** Exact names first, then globs with more literal characters, then fewer wildcards; ties by text. */
    public static final Comparator<PolicyRule> MOST_SPECIFIC_FIRST = Comparator
            .comparing((PolicyRule r) -> Globs.hasWildcard(r.pattern()))
            .thenComparing(r -> -Globs.literalCount(r.pattern()))
            .thenComparing(r -> r.pattern().length())
            .thenComparing(PolicyRule::pattern);

    public PolicyRule {
        requirePattern(pattern);
        if (mode == null) {
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, "a policy rule needs a mode: " + PolicyMode.labels());
        }
        deniedCommands = deniedCommands == null ? List.of() : List.copyOf(deniedCommands);
        allowedPaths = allowedPaths == null ? List.of() : List.copyOf(allowedPaths);
    }

    /** A rule with only a mode. */
    public static PolicyRule of(String pattern, PolicyMode mode) {
        return new PolicyRule(pattern, mode, List.of(), List.of());
    }

    /**
     * Checks a machine pattern.
     *
     * @throws MeshcpException INVALID_INPUT saying which characters are allowed
     */
    public static String requirePattern(String pattern) {
        if (pattern == null || !MACHINE_GLOB.matcher(pattern).matches()) {
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, "invalid machine pattern \""
                    + Printable.of(pattern == null ? "" : pattern, 70) + "\": a machine name or a glob over names "
                    + "(lowercase letters, digits, '-', '*' and '?', at most 63 characters), e.g. db-1, db-*, *");
        }
        return pattern;
    }

    /** True when this rule applies to the machine named {@code machine}. */
    public boolean matches(String machine) {
        return Globs.matches(pattern, machine);
    }

    public PolicyRule withMode(PolicyMode newMode) {
        return new PolicyRule(pattern, newMode, deniedCommands, allowedPaths);
    }

    public PolicyRule withDeniedCommands(List<String> commands) {
        return new PolicyRule(pattern, mode, commands, allowedPaths);
    }

    public PolicyRule withAllowedPaths(List<String> paths) {
        return new PolicyRule(pattern, mode, deniedCommands, paths);
    }
}
