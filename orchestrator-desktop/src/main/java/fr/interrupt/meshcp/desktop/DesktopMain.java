package fr.interrupt.meshcp.desktop;

import javafx.application.Application;
import picocli.CommandLine;

/**
 * Entry point of `orchestrator-desktop`. Not an Application subclass, so JavaFX runs from the
 * class path. Checks the command line first, so a mistake or --help prints and exits without a window.
 */
public final class DesktopMain {
    private DesktopMain() {
    }

    public static void main(String[] args) {
        setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.io.grpc", "warn");
        java.util.logging.Logger.getLogger("io.grpc").setLevel(java.util.logging.Level.WARNING);
        CommandLine cli = new CommandLine(new DesktopOptions());
        try {
            CommandLine.ParseResult parsed = cli.parseArgs(args);
            if (CommandLine.printHelpIfRequested(parsed)) {
                return;
            }
        } catch (CommandLine.ParameterException e) {
            System.err.println(e.getMessage());
            e.getCommandLine().usage(System.err);
            System.exit(2);
        }
        Application.launch(DesktopApp.class, args);
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
