package fr.interrupt.meshcp.agent.config;

import java.util.List;

/**
 * capabilities.shell in agent.yaml. An empty allowed_commands means any command, through the platform shell.
 * Jobs keep, per stream, the first jobHeadKb and the last jobTailKb KiB of output; at most finishedJobsKept finished
 * jobs are kept, each for at most finishedJobTtlMinutes. Memory for kept output is bounded by
 * (jobHeadKb + jobTailKb) KiB * 2 streams * (maxConcurrent + finishedJobsKept).
 */
public record ShellConfig(boolean enabled, int maxTimeoutSeconds, List<String> allowedCommands, int maxOutputMb, int maxConcurrent,
        int jobHeadKb, int jobTailKb, int finishedJobsKept, int finishedJobTtlMinutes) {
    public static final int DEFAULT_JOB_HEAD_KB = 1024;
    public static final int DEFAULT_JOB_TAIL_KB = 1024;
    public static final int DEFAULT_FINISHED_JOBS_KEPT = 100;
    public static final int DEFAULT_FINISHED_JOB_TTL_MINUTES = 60;
    /** Upper bound of job_head_kb and job_tail_kb: 1 GiB. */
    public static final int MAX_JOB_KEPT_KB = 1024 * 1024;
    /** Upper bound of finished_jobs_kept. */
    public static final int MAX_FINISHED_JOBS_KEPT = 10_000;
    /** Upper bound of finished_job_ttl_minutes: one week. */
    public static final int MAX_FINISHED_JOB_TTL_MINUTES = 7 * 24 * 60;

    public static final ShellConfig DEFAULT = new ShellConfig(true, 300, List.of(), 16, 8);

    public ShellConfig {
        allowedCommands = List.copyOf(allowedCommands);
        if (maxTimeoutSeconds <= 0 || maxOutputMb <= 0 || maxConcurrent <= 0) {
            throw new IllegalArgumentException("shell limits must be positive");
        }
        if (jobHeadKb <= 0 || jobTailKb <= 0 || jobHeadKb > MAX_JOB_KEPT_KB || jobTailKb > MAX_JOB_KEPT_KB) {
            throw new IllegalArgumentException("job_head_kb and job_tail_kb must be from 1 to " + MAX_JOB_KEPT_KB);
        }
        if (finishedJobsKept <= 0 || finishedJobsKept > MAX_FINISHED_JOBS_KEPT || finishedJobTtlMinutes <= 0
                || finishedJobTtlMinutes > MAX_FINISHED_JOB_TTL_MINUTES) {
            throw new IllegalArgumentException("finished job retention out of range");
        }
    }

    /** The job settings at their defaults. */
    public ShellConfig(boolean enabled, int maxTimeoutSeconds, List<String> allowedCommands, int maxOutputMb, int maxConcurrent) {
        this(enabled, maxTimeoutSeconds, allowedCommands, maxOutputMb, maxConcurrent, DEFAULT_JOB_HEAD_KB, DEFAULT_JOB_TAIL_KB,
                DEFAULT_FINISHED_JOBS_KEPT, DEFAULT_FINISHED_JOB_TTL_MINUTES);
    }

    /** The same settings with other job limits (KiB, count, minutes). */
    public ShellConfig withJobs(int headKb, int tailKb, int kept, int ttlMinutes) {
        return new ShellConfig(enabled, maxTimeoutSeconds, allowedCommands, maxOutputMb, maxConcurrent, headKb, tailKb, kept, ttlMinutes);
    }

    public long maxOutputBytes() {
        return maxOutputMb * 1024L * 1024L;
    }

    /** Bytes kept from the start of each stream of a job. */
    public int jobHeadBytes() {
        return jobHeadKb * 1024;
    }

    /** Bytes kept from the end of each stream of a job. */
    public int jobTailBytes() {
        return jobTailKb * 1024;
    }

    public boolean restricted() {
        return !allowedCommands.isEmpty();
    }
}
