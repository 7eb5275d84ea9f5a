package fr.interrupt.meshcp.shared;

/** The product version, from the jar manifest when packaged, else "dev". */
public final class AgentVersion {
    private AgentVersion() {
    }

    public static String current() {
        String v = AgentVersion.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }
}
