package fr.interrupt.meshcp.agent;

import fr.interrupt.meshcp.shared.AgentVersion;

/**
 * The agent's version: from the agent jar's manifest, else {@link AgentVersion#current()}. (AgentVersion reads the
 * manifest of the shared-proto jar, which carries no Implementation-Version, so alone it says "dev" in a packaged agent.)
 */
public final class BuildVersion {
    private BuildVersion() {
    }

    public static String current() {
        String own = BuildVersion.class.getPackage().getImplementationVersion();
        return own == null || own.isBlank() ? AgentVersion.current() : own;
    }
}
