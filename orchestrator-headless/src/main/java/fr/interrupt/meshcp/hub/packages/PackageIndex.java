package fr.interrupt.meshcp.hub.packages;

import java.util.List;

/** The content of packages/packages.json: at most one package per platform. */
public record PackageIndex(int version, List<AgentPackage> packages) {
    public PackageIndex {
        packages = packages == null ? List.of() : List.copyOf(packages);
    }

    public static PackageIndex empty() {
        return new PackageIndex(1, List.of());
    }
}
