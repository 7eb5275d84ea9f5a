package fr.interrupt.meshcp.agent.config;

import fr.interrupt.meshcp.agent.AgentException;

/** agent.yaml cannot be used; the message is one line that names the file, the key and what to do. */
public final class ConfigException extends AgentException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
