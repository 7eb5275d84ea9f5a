package fr.interrupt.meshcp.hub.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The content of mcp-policy.json: the rules, and the time-boxed allows granted with an approval. */
public record PolicyFile(int version, List<PolicyRule> rules,
                         @JsonProperty("temporary_allows") List<TemporaryAllow> temporaryAllows) {
    public PolicyFile {
        rules = rules == null ? List.of() : List.copyOf(rules);
        temporaryAllows = temporaryAllows == null ? List.of() : List.copyOf(temporaryAllows);
    }

    /** A new hub's policy: no rule, so every machine is {@link PolicyMode#ALLOW}. */
    public static PolicyFile empty() {
        return new PolicyFile(1, List.of(), List.of());
    }
}
