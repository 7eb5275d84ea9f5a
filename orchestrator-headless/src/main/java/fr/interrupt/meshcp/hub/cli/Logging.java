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
        // the rest is in simplelogger.properties
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", server ? "info" : "warn");
        // a one-shot command's warning is read at once, on a terminal: the time is for the servers' logs (and the
        // date format's locale data cost a cold --help about 16 ms)
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", String.valueOf(server));
        if (server) { // slf4j-simple builds its date format whenever one is named, shown or not
            setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSX");
        }
        // grpc-java and the JDK log through java.util.logging, whose console handler writes to stderr. Configured
        // when something first logs there, not now: a command that never loads grpc (--help) need not start it
        if (System.getProperty("java.util.logging.config.file") == null) { // a file given in MESHCP_JAVA_OPTS wins
            setIfAbsent("java.util.logging.config.class", JulConfiguration.class.getName());
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
