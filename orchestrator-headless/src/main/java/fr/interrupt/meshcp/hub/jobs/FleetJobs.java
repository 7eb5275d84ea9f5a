package fr.interrupt.meshcp.hub.jobs;

import java.util.List;
import java.util.Map;

/**
 * Jobs across machines, newest first, and for each machine that could not be asked, why
 * (in the order the machines were given).
 */
public record FleetJobs(List<JobStatus> jobs, Map<String, String> unreachable) {
    public FleetJobs {
        jobs = List.copyOf(jobs);
        unreachable = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(unreachable));
    }

    public long running() {
        return jobs.stream().filter(j -> !j.isDone()).count();
    }
}
