package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.policy.EffectivePolicy;
import fr.interrupt.meshcp.hub.policy.PolicyMode;
import fr.interrupt.meshcp.hub.policy.PolicyRule;
import fr.interrupt.meshcp.hub.policy.TemporaryAllow;
import fr.interrupt.meshcp.shared.text.Durations;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code policy}: the hub's policy for Claude (MCP callers): show, set a mode, deny commands, allow paths, unset. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = {
            "Show the hub's policy for Claude (MCP callers of 'serve'): one rule per machine name or glob.",
            "",
            "Modes: read-only (list, ping, status, read and list files only), ask (a command waits for a person: see "
                    + "'approvals'), allow (everything the machine's agent.yaml allows). No rule: allow. An exact name beats "
                    + "any glob; among globs the one with more literal characters wins. Denied commands of every matching rule "
                    + "apply. The machine's agent.yaml stays the hard limit: the hub can only narrow it. Only MCP calls are "
                    + "judged: the CLI and the desktop are the person at the hub."
        },
        subcommands = {PolicyCommand.Set.class, PolicyCommand.DenyCommands.class, PolicyCommand.AllowPath.class,
            PolicyCommand.Unset.class, PolicyCommand.Explain.class})
final class PolicyCommand implements Callable<Integer> {
    @ParentCommand
    OrchestratorCommand root;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Hub hub = root.openHub("cli")) {
            PrintWriter out = spec.commandLine().getOut();
            List<PolicyRule> rules = hub.policy().rules();
            if (rules.isEmpty()) {
                out.println("No rules: Claude may do on every machine what its agent allows (mode allow).");
                out.println("Make a machine or a glob read-only or ask first with: policy set 'db-*' read-only");
            } else {
                Table table = new Table("PATTERN", "MODE", "DENIED COMMANDS", "ALLOWED PATHS");
                for (PolicyRule rule : rules) {
                    table.row(rule.pattern(), rule.mode().label(), listed(rule.deniedCommands(), "-"),
                            listed(rule.allowedPaths(), "any"));
                }
                table.print(out);
                if (rules.stream().noneMatch(r -> r.pattern().equals("*"))) {
                    out.println("Machines no rule matches: allow.");
                }
            }
            Instant now = hub.clock().instant();
            List<TemporaryAllow> allows = hub.policy().temporaryAllows();
            if (!allows.isEmpty()) {
                out.println();
                Table table = new Table("ALLOWED FOR AN HOUR ON", "COMMAND", "UNTIL", "GRANTED BY");
                for (TemporaryAllow a : allows) {
                    table.row(a.machine(), a.command(), Durations.until(a.expires(), now), a.grantedBy());
                }
                table.print(out);
            }
            return 0;
        }
    }

    static String listed(List<String> values, String none) {
        return values.isEmpty() ? none : String.join(", ", values);
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Set the mode of the rule for PATTERN (created if missing): read-only, ask or allow.")
    static final class Set implements Callable<Integer> {
        @ParentCommand
        PolicyCommand policy;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "PATTERN", description = "A machine name (db-1) or a glob over names ('db-*', '*'); quote globs for the shell.")
        String pattern;
        @Parameters(index = "1", paramLabel = "MODE", description = "read-only, ask or allow.")
        String mode;

        @Override
        public Integer call() {
            try (Hub hub = policy.root.openHub("cli")) {
                PolicyRule rule = hub.policy().set(pattern, PolicyMode.parse(mode));
                spec.commandLine().getOut().println("Rule '" + rule.pattern() + "': " + rule.mode().label() + ".");
                return 0;
            }
        }
    }

    @Command(name = "deny-command", mixinStandardHelpOptions = true,
            description = {"Refuse commands matching GLOB on the machines of the rule for PATTERN.",
                "GLOB is matched against the whole command line: '*' spans any characters, spaces included ('*rm -rf*', "
                        + "'systemctl stop *'). Claude can reword a command: a denied glob is a guard rail, not a sandbox "
                        + "(use allowed_commands in the machine's agent.yaml for that)."})
    static final class DenyCommands implements Callable<Integer> {
        @ParentCommand
        PolicyCommand policy;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "PATTERN", description = "The rule's machine name or glob (create it with 'policy set').")
        String pattern;
        @Parameters(index = "1", paramLabel = "GLOB", description = "The command glob; quote it for the shell.")
        String glob;
        @Option(names = "--remove", description = "Take GLOB off the rule instead.")
        boolean remove;

        @Override
        public Integer call() {
            try (Hub hub = policy.root.openHub("cli")) {
                PolicyRule rule = hub.policy().denyCommand(pattern, glob, remove);
                spec.commandLine().getOut().println("Rule '" + rule.pattern() + "' denies: " + listed(rule.deniedCommands(), "nothing") + ".");
                return 0;
            }
        }
    }

    @Command(name = "allow-path", mixinStandardHelpOptions = true,
            description = {"Limit Claude's file tools on the machines of the rule for PATTERN to PATH and below.",
                "Once a rule has allowed paths, read_file, list_files, write_file and edit_file work only below them "
                        + "(compared component by component: /home never admits /home2)."})
    static final class AllowPath implements Callable<Integer> {
        @ParentCommand
        PolicyCommand policy;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "PATTERN", description = "The rule's machine name or glob (create it with 'policy set').")
        String pattern;
        @Parameters(index = "1", paramLabel = "PATH", description = "An absolute path on the machines.")
        String path;
        @Option(names = "--remove", description = "Take PATH off the rule instead.")
        boolean remove;

        @Override
        public Integer call() {
            try (Hub hub = policy.root.openHub("cli")) {
                PolicyRule rule = hub.policy().allowPath(pattern, path, remove);
                spec.commandLine().getOut().println("Rule '" + rule.pattern() + "' allows paths: " + listed(rule.allowedPaths(), "any") + ".");
                return 0;
            }
        }
    }

    @Command(name = "unset", mixinStandardHelpOptions = true, description = "Remove the rule for PATTERN.")
    static final class Unset implements Callable<Integer> {
        @ParentCommand
        PolicyCommand policy;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "PATTERN", description = "The rule's machine name or glob, as 'policy' shows it.")
        String pattern;

        @Override
        public Integer call() {
            try (Hub hub = policy.root.openHub("cli")) {
                hub.policy().unset(pattern);
                spec.commandLine().getOut().println("Removed rule '" + pattern + "'.");
                return 0;
            }
        }
    }

    @Command(name = "explain", mixinStandardHelpOptions = true, description = "Say which rule applies to MACHINE and what it allows Claude.")
    static final class Explain implements Callable<Integer> {
        @ParentCommand
        PolicyCommand policy;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "MACHINE", description = "A machine name.")
        String machine;

        @Override
        public Integer call() {
            try (Hub hub = policy.root.openHub("cli")) {
                EffectivePolicy effective = hub.policy().explain(machine);
                PrintWriter out = spec.commandLine().getOut();
                out.println(machine + ": " + effective.mode().label() + " by " + effective.ruleName());
                out.println("allowed paths: " + listed(effective.allowedPaths(), "any the agent allows"));
                out.println("denied commands: " + (effective.deniedCommands().isEmpty() ? "none"
                        : String.join(", ", effective.deniedCommands().stream().map(d -> "'" + d.glob() + "' (rule '" + d.rule() + "')").toList())));
                return 0;
            }
        }
    }
}
