package fr.interrupt.meshcp.hub.policy;

import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.audit.AuditLog;
import fr.interrupt.meshcp.hub.state.JsonStateFile;
import fr.interrupt.meshcp.shared.text.Printable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hub's policy for MCP callers (Claude), kept in DATA/mcp-policy.json: read, change and explain it, and judge a tool
 * call against it. Every change is written under the file's lock (several processes share it) and audited.
 *
 * <p>Which rule applies to a machine: an exact name beats any glob; among globs, the one with more literal characters
 * wins, then the one with fewer wildcards. Its mode and allowed paths apply; denied commands of every matching rule
 * apply. No rule: {@link PolicyMode#ALLOW}. The machine's agent.yaml is enforced by the agent whatever this says.
 */
public final class PolicyService {
    /** How long "allow this exact command on this machine" lasts. */
    public static final Duration TEMPORARY_ALLOW = Duration.ofHours(1);

    private final JsonStateFile<PolicyFile> file;
    private final AuditLog audit;
    private final Clock clock;
    private final String caller;

    /** {@code caller} names this process ("cli:alice") in temporary allows it grants. */
    public PolicyService(JsonStateFile<PolicyFile> file, AuditLog audit, Clock clock, String caller) {
        this.file = file;
        this.audit = audit;
        this.clock = clock;
        this.caller = caller;
    }

    /** Every rule, most specific first. */
    public List<PolicyRule> rules() {
        List<PolicyRule> rules = new ArrayList<>(file.read().rules());
        rules.sort(PolicyRule.MOST_SPECIFIC_FIRST);
        return rules;
    }

    /** The temporary allows still in force. */
    public List<TemporaryAllow> temporaryAllows() {
        Instant now = clock.instant();
        return file.read().temporaryAllows().stream().filter(a -> now.isBefore(a.expires())).toList();
    }

    /** Modification time of the policy file, for views that poll for changes made by other processes. */
    public long lastModifiedMillis() {
        return file.lastModifiedMillis();
    }

    /**
     * Sets the mode of the rule for {@code pattern}, creating the rule if there is none; audited.
     *
     * @throws MeshcpException INVALID_INPUT for a bad pattern, STATE when the file cannot be written
     */
    public PolicyRule set(String pattern, PolicyMode mode) {
        PolicyRule.requirePattern(pattern);
        PolicyRule written = change(pattern, existing -> existing.map(r -> r.withMode(mode)).orElse(PolicyRule.of(pattern, mode)));
        audit.record("policy-set", null, Map.of("pattern", pattern, "mode", mode.label()));
        return written;
    }

    /**
     * Adds (or with {@code remove} takes away) a denied command glob on the existing rule for {@code pattern}; audited.
     *
     * @throws MeshcpException NOT_FOUND when there is no rule for the pattern, INVALID_INPUT for an empty or long glob
     */
    public PolicyRule denyCommand(String pattern, String glob, boolean remove) {
        if (glob == null || glob.isBlank() || glob.length() > PolicyRule.MAX_COMMAND_GLOB || glob.indexOf('\0') >= 0) {
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, "a denied command is a non-empty glob over the "
                    + "whole command line, at most " + PolicyRule.MAX_COMMAND_GLOB + " characters (e.g. '*rm -rf*')");
        }
        PolicyRule written = change(pattern, existing -> {
            PolicyRule rule = existing.orElseThrow(() -> noRule(pattern));
            return rule.withDeniedCommands(edited(rule.deniedCommands(), glob, remove));
        });
        audit.record(remove ? "policy-allow-command" : "policy-deny-command", null, Map.of("pattern", pattern, "command", glob));
        return written;
    }

    /**
     * Adds (or with {@code remove} takes away) an allowed path prefix on the existing rule for {@code pattern}; audited.
     *
     * @throws MeshcpException NOT_FOUND when there is no rule for the pattern, INVALID_INPUT for a relative path
     */
    public PolicyRule allowPath(String pattern, String path, boolean remove) {
        String normalized = PolicyPaths.normalize(path);
        PolicyRule written = change(pattern, existing -> {
            PolicyRule rule = existing.orElseThrow(() -> noRule(pattern));
            return rule.withAllowedPaths(edited(rule.allowedPaths(), normalized, remove));
        });
        audit.record(remove ? "policy-remove-path" : "policy-allow-path", null, Map.of("pattern", pattern, "path", normalized));
        return written;
    }

    /**
     * Writes {@code rule} whole, replacing the rule with the same pattern (the desktop's editor); audited.
     *
     * @throws MeshcpException INVALID_INPUT for a relative allowed path or a bad denied command
     */
    public PolicyRule put(PolicyRule rule) {
        List<String> paths = rule.allowedPaths().stream().map(PolicyPaths::normalize).distinct().toList();
        List<String> commands = rule.deniedCommands().stream().map(String::strip).filter(c -> !c.isEmpty()).distinct().toList();
        PolicyRule clean = rule.withAllowedPaths(paths).withDeniedCommands(commands);
        change(rule.pattern(), existing -> clean);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("pattern", clean.pattern());
        details.put("mode", clean.mode().label());
        details.put("denied_commands", clean.deniedCommands());
        details.put("allowed_paths", clean.allowedPaths());
        audit.record("policy-put", null, details);
        return clean;
    }

    /**
     * Removes the rule for {@code pattern}; audited.
     *
     * @throws MeshcpException NOT_FOUND when there is none
     */
    public void unset(String pattern) {
        PolicyRule.requirePattern(pattern);
        file.update(current -> {
            List<PolicyRule> rules = new ArrayList<>(current.rules());
            if (!rules.removeIf(r -> r.pattern().equals(pattern))) {
                throw noRule(pattern);
            }
            return new PolicyFile(1, rules, current.temporaryAllows());
        });
        audit.record("policy-unset", null, Map.of("pattern", pattern));
    }

    /**
     * Lets exactly {@code command} run on {@code machine} without asking for {@link #TEMPORARY_ALLOW}; audited.
     */
    public TemporaryAllow allowForAnHour(String machine, String command) {
        Instant now = clock.instant();
        TemporaryAllow allow = new TemporaryAllow(machine, command, now.plus(TEMPORARY_ALLOW), caller);
        file.update(current -> {
            List<TemporaryAllow> kept = new ArrayList<>(current.temporaryAllows().stream()
                    .filter(a -> now.isBefore(a.expires()) && !(a.machine().equals(machine) && a.command().equals(command)))
                    .toList());
            kept.add(allow);
            return new PolicyFile(1, current.rules(), kept);
        });
        audit.record("policy-allow-for-an-hour", machine, Map.of("command", command, "expires", allow.expires().toString()));
        return allow;
    }

    /** What applies to {@code machine}: see the class comment. */
    public EffectivePolicy explain(String machine) {
        List<PolicyRule> matching = rules().stream().filter(r -> r.matches(machine)).toList();
        if (matching.isEmpty()) {
            return new EffectivePolicy(machine, null, PolicyMode.ALLOW, List.of(), List.of());
        }
        PolicyRule top = matching.get(0);
        List<EffectivePolicy.DeniedCommand> denied = new ArrayList<>();
        for (PolicyRule r : matching) {
            r.deniedCommands().forEach(glob -> denied.add(new EffectivePolicy.DeniedCommand(r.pattern(), glob)));
        }
        return new EffectivePolicy(machine, top.pattern(), top.mode(), denied, top.allowedPaths());
    }

    /**
     * Judges one MCP tool call. Order: allowed paths (any access), read-only (anything but reads), denied commands
     * (runs), then ask (runs and writes; a temporary allow of that exact command lets a run through).
     */
    public PolicyDecision decide(ToolRequest request) {
        EffectivePolicy policy = explain(request.machine());
        String machine = request.machine();
        if (request.path() != null && !policy.allowedPaths().isEmpty()
                && policy.allowedPaths().stream().noneMatch(prefix -> PolicyPaths.within(request.path(), prefix))) {
            return PolicyDecision.refuse(policy.rule(), "path " + Printable.of(request.path(), 200) + " on machine '" + machine
                    + "' is outside the allowed paths for Claude (" + String.join(", ", policy.allowedPaths())
                    + ") of the hub policy " + policy.ruleName() + "; change them with `orchestrator-headless policy allow-path "
                    + policy.rule() + " PATH` or on the desktop's Policy page");
        }
        if (request.access() == ToolAccess.READ) {
            return PolicyDecision.allow(policy.rule());
        }
        if (policy.mode() == PolicyMode.READ_ONLY) {
            return PolicyDecision.refuse(policy.rule(), request.tool() + " refused: machine '" + machine
                    + "' is read-only for Claude by the hub policy " + policy.ruleName() + " (change it with `orchestrator-headless "
                    + "policy set " + policy.rule() + " ask` or `... allow`, or on the desktop's Policy page)");
        }
        if (request.access() == ToolAccess.RUN && request.command() != null) {
            for (EffectivePolicy.DeniedCommand denied : policy.deniedCommands()) {
                if (Globs.matches(denied.glob(), request.command().strip())) {
                    return PolicyDecision.refuse(denied.rule(), "command refused on machine '" + machine + "': it matches the "
                            + "denied command '" + Printable.of(denied.glob(), 100) + "' of the hub policy rule '" + denied.rule()
                            + "' (remove it with `orchestrator-headless policy deny-command " + denied.rule() + " '"
                            + Printable.of(denied.glob(), 100) + "' --remove` or on the desktop's Policy page)");
                }
            }
        }
        if (policy.mode() == PolicyMode.ASK && request.access() != ToolAccess.STOP) {
            Instant now = clock.instant();
            boolean allowedForNow = request.access() == ToolAccess.RUN && request.command() != null
                    && file.read().temporaryAllows().stream().anyMatch(a -> a.covers(machine, request.command(), now));
            return allowedForNow ? PolicyDecision.allow(policy.rule()) : PolicyDecision.ask(policy.rule());
        }
        return PolicyDecision.allow(policy.rule());
    }

    private PolicyRule change(String pattern, java.util.function.Function<Optional<PolicyRule>, PolicyRule> edit) {
        PolicyRule[] written = new PolicyRule[1];
        file.update(current -> {
            List<PolicyRule> rules = new ArrayList<>();
            Optional<PolicyRule> existing = Optional.empty();
            for (PolicyRule r : current.rules()) {
                if (r.pattern().equals(pattern)) {
                    existing = Optional.of(r);
                } else {
                    rules.add(r);
                }
            }
            written[0] = edit.apply(existing);
            rules.add(written[0]);
            return new PolicyFile(1, rules, current.temporaryAllows());
        });
        return written[0];
    }

    private static List<String> edited(List<String> values, String value, boolean remove) {
        List<String> next = new ArrayList<>(values);
        next.remove(value);
        if (!remove) {
            next.add(value);
        }
        return next;
    }

    private static MeshcpException noRule(String pattern) {
        return new MeshcpException(MeshcpException.Kind.NOT_FOUND, "no policy rule for '" + Printable.of(pattern, 70)
                + "'; create it first with `orchestrator-headless policy set " + Printable.of(pattern, 70) + " MODE` ("
                + PolicyMode.labels() + ")");
    }
}
