package fr.interrupt.meshcp.hub.policy;

/**
 * The policy's answer to a {@link ToolRequest}.
 *
 * @param rule   the pattern of the rule that decided, or null when no rule matches (the default, allow)
 * @param reason for {@link Verdict#REFUSE}, the whole sentence: what was refused, by which rule, where to change it
 */
public record PolicyDecision(Verdict verdict, String rule, String reason) {

    /** Go ahead, wait for a person, or refuse. */
    public enum Verdict {
        ALLOW,
        ASK,
        REFUSE
    }

    static PolicyDecision allow(String rule) {
        return new PolicyDecision(Verdict.ALLOW, rule, null);
    }

    static PolicyDecision ask(String rule) {
        return new PolicyDecision(Verdict.ASK, rule, null);
    }

    static PolicyDecision refuse(String rule, String reason) {
        return new PolicyDecision(Verdict.REFUSE, rule, reason);
    }
}
