package fr.interrupt.meshcp.hub.policy;

import java.util.List;

/**
 * What the policy means for one machine: the mode and allowed paths of its most specific rule, and the denied
 * commands of every rule that matches it (denials only ever add up).
 *
 * @param rule           the pattern of the most specific matching rule; null when none matches (mode allow)
 * @param deniedCommands each denied glob with the pattern of the rule it comes from
 */
public record EffectivePolicy(String machine, String rule, PolicyMode mode, List<DeniedCommand> deniedCommands,
                              List<String> allowedPaths) {

    /** A denied command glob and the rule that holds it. */
    public record DeniedCommand(String rule, String glob) {
    }

    /** "rule 'db-*'", or "the default (no rule matches db-1)". */
    public String ruleName() {
        return rule == null ? "the default (no rule matches " + machine + ")" : "rule '" + rule + "'";
    }
}
