package fr.interrupt.meshcp.hub.registry;

import fr.interrupt.meshcp.hub.MeshcpException;
import java.util.List;

/** The seed's {@code unknown machine "x"}, with the names that do exist. */
public final class UnknownMachineException extends MeshcpException {
    public UnknownMachineException(String name, List<String> known) {
        super(Kind.NOT_FOUND, "unknown machine \"" + name + "\"" + (known.isEmpty()
                ? " (no machine is enrolled yet: create a token with 'token create NAME')"
                : " (enrolled: " + String.join(", ", known) + ")"));
    }
}
