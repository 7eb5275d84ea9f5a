package fr.interrupt.meshcp.bench;

import fr.interrupt.meshcp.hub.Hub;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every workload shares: the hub (in this JVM, with its enrollment endpoint on loopback), the built launchers,
 * the ssh anchor, the scale, the process runner and the table the rows go to.
 *
 * @param web1 the agent process (built launcher) that the single-machine workloads use, named {@link #WEB1}
 */
record Context(Hub hub, String enrollmentUrl, Path hubLauncher, Path agentLauncher, SshAnchor ssh, Scale scale,
               Commands commands, ComparisonTable table, Path work, AgentProcess web1) {
    static final String WEB1 = "web-1";

    /** {@code orchestrator-headless --data-dir DATA ARGS...} for the harness's hub. */
    List<String> hubCommand(String... args) {
        return hubCommand(hub.dataDir(), args);
    }

    /** {@code orchestrator-headless --data-dir DATA ARGS...}. */
    List<String> hubCommand(Path dataDir, String... args) {
        List<String> command = new ArrayList<>(List.of(hubLauncher.toString(), "--data-dir", dataDir.toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** The JVM floor: {@code java -cp BENCH-JAR HelloWorld}, with the launchers' GC. */
    List<String> helloWorld() {
        String jar = Path.of(HelloWorld.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
        return List.of(JavaCommand.current().get(0), "-XX:+UseSerialGC", "-cp", jar, HelloWorld.class.getName());
    }

    /** The anchor cell for an ssh anchor that is missing: its reason. */
    String sshMissing() {
        return ssh.missing().orElse("");
    }
}
