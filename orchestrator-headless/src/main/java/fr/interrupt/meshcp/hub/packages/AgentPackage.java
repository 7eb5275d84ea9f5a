package fr.interrupt.meshcp.hub.packages;

import java.time.Instant;

/**
 * One agent package the hub serves: its platform, the file name it was added as, its version (from that name),
 * its size in bytes and its SHA-256 (lowercase hex), and when it was added.
 */
public record AgentPackage(AgentPlatform platform, String fileName, String version, long size, String sha256, Instant addedAt) {
}
