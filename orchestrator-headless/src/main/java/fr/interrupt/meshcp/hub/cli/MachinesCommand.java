package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.mcp.SharedViews;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.service.MachineSnapshot;
import fr.interrupt.meshcp.shared.labels.LabelSelector;
import fr.interrupt.meshcp.shared.text.Durations;
import fr.interrupt.meshcp.shared.text.IpAddresses;
import fr.interrupt.meshcp.shared.text.LabelsText;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code machines}: the fleet table, with why each offline machine is offline; {@code machines remove}. */
@Command(name = "machines", mixinStandardHelpOptions = true,
        description = {"List enrolled machines, pinging each for its status.",
            "Under the table, one line per offline machine says why (as 'ping NAME' would).",
            "LABELS shows each machine's labels (its agent's, with those set by 'machines label' on top); -l keeps the "
                    + "machines that match a selector."},
        subcommands = {MachinesCommand.Remove.class, LabelCommand.class, RenewCommand.class})
final class MachinesCommand implements Callable<Integer> {
    /** Widest LABELS cell; 'machines label NAME' lists them all. */
    static final int LABELS_WIDTH = 40;

    @ParentCommand
    OrchestratorCommand root;
    @Spec
    CommandSpec spec;
    @Mixin
    JsonOption json;

    @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR",
            description = "Only machines whose labels match, Kubernetes syntax: env=prod, env!=prod, 'env in (prod,staging)', "
                    + "'env notin (dev)', role, !role; commas mean and.")
    String selector;

    @Override
    public Integer call() {
        LabelSelector matching = selector == null ? null : Selectors.parse(selector);
        try (Hub hub = root.openHub("cli")) {
            List<MachineSnapshot> fleet = matching == null ? hub.machines().snapshot() : hub.machines().snapshot(matching);
            PrintWriter out = spec.commandLine().getOut();
            if (json.enabled) {
                JsonOutput.print(out, jsonList(fleet, hub.dataDir().toString()));
                return 0;
            }
            if (fleet.isEmpty()) {
                out.println(matching != null ? "No machine matches " + matching + "." : "No machines enrolled yet. Create a token with: token create NAME --ttl 1h");
                return 0;
            }
            Instant now = hub.clock().instant();
            Table table = new Table("NAME", "ADDRESS", "STATUS", "LAST SEEN", "OS/ARCH", "AGENT VERSION", "LABELS");
            for (MachineSnapshot s : fleet) {
                Machine m = s.machine();
                table.row(m.name(), IpAddresses.display(m.address()), s.online() ? "online" : "offline", Durations.ago(m.lastSeen(), now),
                        m.os() + "/" + m.arch(), s.agentVersion(), LabelsText.compact(m.labels(), LABELS_WIDTH));
            }
            table.print(out);
            List<String> reasons = fleet.stream().filter(s -> !s.online() && s.problem() != null).map(MachinesCommand::why).toList();
            if (!reasons.isEmpty()) {
                out.println();
                reasons.forEach(reason -> out.println("  " + reason));
            }
            return 0;
        }
    }

    /** The fleet in list_machines' shape (docs/CLI-JSON.md), an online machine's missing capabilities in the CLI's words. */
    static Map<String, Object> jsonList(List<MachineSnapshot> fleet, String dataDir) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("machines", fleet.stream().map(s -> SharedViews.machine(s, s.systemProblem() == null ? null
                : "capabilities unknown: " + s.systemProblem() + " (see 'status " + s.machine().name() + "')")).toList());
        long online = fleet.stream().filter(MachineSnapshot::online).count();
        document.put("online", online);
        document.put("offline", fleet.size() - online);
        document.put("data_dir", dataDir);
        return document;
    }

    /** Why an offline machine is offline, as 'ping' says it, starting with its name ("web-1 is unreachable: ..."). */
    static String why(MachineSnapshot offline) {
        Machine m = offline.machine();
        String who = "machine \"" + m.name() + "\" (" + m.address() + ") ";
        String problem = offline.problem();
        return problem.startsWith(who) ? m.name() + " " + problem.substring(who.length())
                : problem.startsWith(m.name() + ":") ? problem : m.name() + ": " + problem;
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a machine and revoke its certificate; it must enroll again with a new token.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        MachinesCommand machines;
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            try (Hub hub = machines.root.openHub("cli")) {
                Machine removed = hub.machines().remove(name);
                spec.commandLine().getOut().println("Removed machine \"" + removed.name() + "\"; its certificate (serial "
                        + removed.certificateSerial() + ") is revoked.");
                return 0;
            }
        }
    }
}
