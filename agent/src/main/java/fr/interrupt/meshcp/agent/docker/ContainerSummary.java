package fr.interrupt.meshcp.agent.docker;

import java.util.List;

/** One entry of ListContainers. */
public record ContainerSummary(String id, List<String> names, String image, String state, String status, long createdSeconds) {
}
