package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.shared.labels.LabelEdit;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code machines label NAME [KEY=VALUE | KEY-]...}: kubectl label's syntax on the hub-set labels; lists them all with their source. */
@Command(name = "label", mixinStandardHelpOptions = true,
        description = {"Set (KEY=VALUE) or remove (KEY-) labels of a machine on the hub, or list its labels and where each comes from.",
            "Labels come from the machine's agent.yaml (labels:, reported when the hub reaches it, kept while it is offline) "
                    + "and from this command; a label set here wins over the agent's on the same key.",
            "Keys and values follow Kubernetes' rules: 1 to 63 letters, digits, '-', '_' or '.', starting and ending with a "
                    + "letter or digit; a key may have a DNS prefix (example.com/tier); a value may be empty (KEY=)."})
final class LabelCommand implements Callable<Integer> {
    @ParentCommand
    MachinesCommand machines;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The machine.")
    String name;

    @Parameters(index = "1..*", paramLabel = "KEY=VALUE|KEY-", description = "Labels to set or remove; none: list the labels.")
    List<String> changes = new ArrayList<>();

    @Option(names = "--overwrite", description = "Allow changing the value of a label already set on the hub (refused without it, as kubectl does).")
    boolean overwrite;

    @Override
    public Integer call() {
        LabelEdit edit = null;
        if (!changes.isEmpty()) {
            try {
                edit = LabelEdit.parse(changes);
            } catch (IllegalArgumentException e) {
                throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, e.getMessage());
            }
        }
        try (Hub hub = machines.root.openHub("cli")) {
            Machine machine;
            if (edit == null) {
                machine = hub.machines().require(name);
            } else {
                try {
                    machine = hub.machines().label(name, edit, overwrite);
                } catch (MeshcpException e) {
                    if (e.kind() == MeshcpException.Kind.CONFLICT) {
                        throw new MeshcpException(e.kind(), e.getMessage() + " (add --overwrite)");
                    }
                    throw e;
                }
            }
            print(machine, spec.commandLine().getOut());
            return 0;
        }
    }

    /** One line per label: KEY, VALUE, SOURCE ({@link Machine#labelSources()}). */
    private static void print(Machine m, PrintWriter out) {
        if (m.labels().isEmpty()) {
            out.println(m.name() + " has no label.");
            return;
        }
        Table table = new Table("KEY", "VALUE", "SOURCE");
        for (String key : new TreeSet<>(m.labels().keySet())) {
            table.row(key, m.labels().get(key), m.labelSources().get(key));
        }
        table.print(out);
    }
}
