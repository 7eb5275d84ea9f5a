package fr.interrupt.meshcp.desktop;

import java.util.Optional;
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
        Optional<String> noDisplay = DisplayCheck.missing(System.getenv(), System.getProperty("os.name", ""));
        if (noDisplay.isPresent()) {
            exitWith(noDisplay.get());
        }
        // JavaFX warns about running from the class path, which this launcher does on purpose
        java.util.logging.Logger.getLogger("javafx").setLevel(java.util.logging.Level.SEVERE);
        try {
            Application.launch(DesktopApp.class, args);
        } catch (RuntimeException e) {
            Optional<String> unreachable = DisplayCheck.unreachable(e, System.getenv());
            if (unreachable.isEmpty()) {
                throw e;
            }
            exitWith(unreachable.get());
        }
    }

    /** Prints {@code sentence} on stderr and exits 1: the desktop cannot start here. */
    private static void exitWith(String sentence) {
        System.err.println("error: " + sentence);
        System.exit(1);
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
