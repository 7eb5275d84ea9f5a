package fr.interrupt.meshcp.agent.config;

/** capabilities.system in agent.yaml. */
public record SystemConfig(boolean enabled) {
    public static final SystemConfig DEFAULT = new SystemConfig(true);
}
