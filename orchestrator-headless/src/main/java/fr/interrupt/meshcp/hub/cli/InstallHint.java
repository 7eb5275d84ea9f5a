package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.packages.AgentPackage;
import fr.interrupt.meshcp.hub.packages.InstallLine;
import fr.interrupt.meshcp.hub.tokens.IssuedToken;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/** The part of {@code token create}'s output about the one-line install: the line, or what it needs first. */
final class InstallHint {
    private InstallHint() {
    }

    static void print(PrintWriter out, List<AgentPackage> packages, String url, IssuedToken issued) {
        if (packages.isEmpty()) {
            out.println("For a one-line install (package, enroll, service), add agent packages to this hub first: "
                    + "'packages add FILE...'.");
            return;
        }
        String platforms = packages.stream().map(p -> p.platform().id()).collect(Collectors.joining(", "));
        out.println("Or install, enroll and start the agent in one line (" + platforms + "; needs curl, openssl, sudo):");
        out.println();
        out.println("  " + InstallLine.of(url, issued.token()));
    }
}
