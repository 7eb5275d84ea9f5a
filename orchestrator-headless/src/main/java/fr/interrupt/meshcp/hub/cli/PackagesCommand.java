package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.packages.AgentPackage;
import fr.interrupt.meshcp.hub.packages.PackageStore;
import fr.interrupt.meshcp.shared.text.ByteSizes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code packages}: the agent packages the enrollment endpoint serves to install.sh. */
@Command(name = "packages", mixinStandardHelpOptions = true,
        description = {"Add and list the agent packages this hub serves for the one-line install.",
            "The enrollment endpoint (enroll-server, serve or the desktop app) serves install.sh, the hub's CA "
                    + "certificate, these packages and their SHA256SUMS; 'token create' then prints the line that "
                    + "installs, enrolls and starts an agent."},
        subcommands = {PackagesCommand.Add.class, PackagesCommand.ListPackages.class})
final class PackagesCommand {
    @ParentCommand
    OrchestratorCommand root;

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Copy agent packages into the hub's data dir, each replacing the one of its platform.",
                "Files named as the build makes them: meshcp-agent_VERSION_ARCH.deb (jpackage/build-agent-deb.sh) "
                        + "or meshcp-agent-VERSION-macos-ARCH.pkg (jpackage/macos/build-agent-pkg.sh), ARCH amd64 "
                        + "or arm64; at most 256 MiB each. Their SHA-256 is computed here."})
    static final class Add implements Callable<Integer> {
        @ParentCommand
        PackagesCommand packages;
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Agent packages (.deb, .pkg).")
        List<Path> files;

        @Override
        public Integer call() {
            try (Hub hub = packages.root.openHub("cli")) {
                PrintWriter out = spec.commandLine().getOut();
                for (PackageStore.Added added : hub.packages().add(files)) {
                    AgentPackage p = added.agentPackage();
                    out.println("Added " + p.fileName() + " for " + p.platform().id() + " (" + ByteSizes.format(p.size())
                            + ", sha256 " + p.sha256() + ")"
                            + added.replaced().map(old -> ", replacing " + old.fileName()).orElse("") + ".");
                }
                out.println("Served as https://HUB:7443/packages/ by the enrollment endpoint; 'token create' prints the install line.");
                return 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the agent packages this hub serves: platform, file, version, size, SHA-256, when added.")
    static final class ListPackages implements Callable<Integer> {
        @ParentCommand
        PackagesCommand packages;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Hub hub = packages.root.openHub("cli")) {
                List<AgentPackage> all = hub.packages().list();
                PrintWriter out = spec.commandLine().getOut();
                if (all.isEmpty()) {
                    out.println("No agent packages: add them with 'packages add FILE...' (jpackage/build-agent-deb.sh builds the .deb).");
                    return 0;
                }
                Table table = new Table("PLATFORM", "FILE", "VERSION", "SIZE", "SHA-256", "ADDED");
                for (AgentPackage p : all) {
                    table.row(p.platform().id(), p.fileName(), p.version(), ByteSizes.format(p.size()), p.sha256(),
                            TimeText.utc(p.addedAt()));
                }
                table.print(out);
                return 0;
            }
        }
    }
}
