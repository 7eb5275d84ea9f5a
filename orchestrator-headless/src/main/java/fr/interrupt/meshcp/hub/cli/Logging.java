package fr.interrupt.meshcp.hub.cli;

import java.util.Set;

/**
 * Log lines always go to stderr (stdout of `serve` carries only MCP JSON-RPC). Short commands
 * log warnings only; long-running ones (servers) also say what they do.
 */
final class Logging {
    private static final Set<String> SERVERS = Set.of("serve", "enroll-server");

    private Logging() {
    }

    static void configure(String[] args) {
        boolean server = false;
        for (String arg : args) {
            if (SERVERS.contains(arg)) {
                server = true;
                break;
            }
        }
        // the binding named, so SLF4J does not scan every jar on the class path for one (ServiceLoader): a
        // cold one-shot command paid tens of milliseconds for that (SLF4J 2.0.9+, "slf4j.provider")
        setIfAbsent("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
        // ... which SLF4J would otherwise announce on stderr (its own messages below a warning stay silent)
        setIfAbsent("slf4j.internal.verbosity", "WARN");
        setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", server ? "info" : "warn");
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSX");
        setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
        setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
        setIfAbsent("org.slf4j.simpleLogger.log.io.grpc", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.io.modelcontextprotocol", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        // grpc-java and the JDK log through java.util.logging, whose console handler writes to stderr
        java.util.logging.Logger.getLogger("io.grpc").setLevel(java.util.logging.Level.WARNING);
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
