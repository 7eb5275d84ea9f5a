package fr.interrupt.meshcp.desktop;

import fr.interrupt.meshcp.desktop.ui.ThemeMode;
import fr.interrupt.meshcp.hub.config.DataDirOption;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The desktop app's command line: the same {@code --data-dir} (and default) as the CLI, and a few of its own. */
@Command(name = "orchestrator-desktop", mixinStandardHelpOptions = true, version = "meshcp orchestrator-desktop",
        description = "The meshcp control centre: machines, enrollment, commands and files.")
public final class DesktopOptions {
    @Mixin
    DataDirOption dataDir = new DataDirOption();

    @Option(names = "--listen", defaultValue = "0.0.0.0:7443", paramLabel = "HOST:PORT",
            description = "Enrollment endpoint, served when the port is free. Default: ${DEFAULT-VALUE}.")
    String listen;

    @Option(names = "--address", paramLabel = "HOST[:PORT]",
            description = "How new machines reach this hub, in the enroll commands shown. Default: this machine's first IPv4 address.")
    String address;

    @Option(names = "--theme", paramLabel = "MODE", description = "system, light or dark. Default: the last choice, else system.")
    String theme;

    @Option(names = "--agent-launcher", paramLabel = "PATH",
            description = "The meshcp-agent launcher that \"Add this computer\" runs. Default: next to this app, $MESHCP_AGENT, or on PATH.")
    String agentLauncher;

    @Option(names = "--local-agent-dir", paramLabel = "DIR",
            description = "Config and credentials of this computer's agent. Default: DATA_DIR/local-agent.")
    Path localAgentDir;

    /** Parses {@code args}; throws picocli's ParameterException on a mistake. */
    public static DesktopOptions parse(String... args) {
        DesktopOptions options = new DesktopOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    public Path dataDir(Map<String, String> env) {
        return dataDir.resolve(env);
    }

    public String listen() {
        return listen;
    }

    public String address() {
        return address;
    }

    /** Null when not given (the saved choice applies). */
    public ThemeMode theme() {
        return theme == null ? null : ThemeMode.parse(theme);
    }

    public String agentLauncher() {
        return agentLauncher != null ? agentLauncher : System.getProperty("meshcp.agent.launcher");
    }

    public Path localAgentDir(Path dataDirectory) {
        return localAgentDir != null ? localAgentDir : dataDirectory.resolve("local-agent");
    }
}
