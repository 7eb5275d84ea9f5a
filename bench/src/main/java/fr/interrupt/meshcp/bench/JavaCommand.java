package fr.interrupt.meshcp.bench;

import java.util.List;

/** The command line that starts another JVM like this one: same java, same class path, the launchers' GC. */
final class JavaCommand {
    private JavaCommand() {
    }

    static List<String> current() {
        String java = ProcessHandle.current().info().command().orElse("java");
        return List.of(java, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"));
    }
}
