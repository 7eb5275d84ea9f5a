package fr.interrupt.meshcp.hub.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.LogManager;

/**
 * The configuration of java.util.logging (grpc-java and the JDK log through it), which {@link LogManager} reads
 * when something first logs, because {@link Logging} names this class in {@code java.util.logging.config.class}
 * (see {@link LogManager}'s class documentation). The JDK's defaults (one console handler on stderr, INFO) with
 * grpc-java's own lines from WARNING up.
 */
public final class JulConfiguration {
    private static final String PROPERTIES = """
            handlers = java.util.logging.ConsoleHandler
            .level = INFO
            java.util.logging.ConsoleHandler.level = INFO
            java.util.logging.ConsoleHandler.formatter = java.util.logging.SimpleFormatter
            io.grpc.level = WARNING
            """;

    /** Called by {@link LogManager} through reflection; reads {@link #PROPERTIES}. */
    public JulConfiguration() throws IOException {
        LogManager.getLogManager().readConfiguration(new ByteArrayInputStream(PROPERTIES.getBytes(StandardCharsets.ISO_8859_1)));
    }
}
