package fr.interrupt.meshcp.hub.cli;

import picocli.CommandLine.Option;

/** {@code --json}: the command prints one JSON document on stdout instead of text (shapes in docs/CLI-JSON.md). */
final class JsonOption {
    @Option(names = "--json", description = "Print the result as one JSON document on stdout (field names and shapes: "
            + "docs/CLI-JSON.md). Errors stay sentences on stderr, with the same exit codes.")
    boolean enabled;
}
