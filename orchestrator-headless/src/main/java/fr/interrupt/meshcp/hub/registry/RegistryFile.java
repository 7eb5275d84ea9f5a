package fr.interrupt.meshcp.hub.registry;

import java.util.List;

/** The content of registry.json. */
public record RegistryFile(int version, List<Machine> machines, List<RevokedCertificate> revoked) {
    public RegistryFile {
        machines = machines == null ? List.of() : List.copyOf(machines);
        revoked = revoked == null ? List.of() : List.copyOf(revoked);
    }

    public static RegistryFile empty() {
        return new RegistryFile(1, List.of(), List.of());
    }
}
