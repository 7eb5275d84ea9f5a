package fr.interrupt.meshcp.bench;

/**
 * How much each workload does: {@link #FULL} is the run (under 10 minutes on 2 cores), {@link #SMOKE} the
 * check in ./mvnw verify (every row, few calls, 2 agents, no ssh).
 *
 * @param rounds          A B rounds of each interleaved latency workload
 * @param mcpCalls        MCP exec calls in all (workload 1), split over the rounds
 * @param transferMiB     size of the file moved by get and put (workload 3)
 * @param fleetSize       agents in the fan-out and enrollment workloads (4, 7)
 * @param registryAnchor  machines in the small registry (workload 8's anchor)
 * @param registryLarge   machines in the large registry (workload 8)
 * @param idleSeconds     how long the idle agent is left alone before its RSS is read (workload 5)
 * @param slowLimitSeconds a whole command or in-process call that runs longer is reported as "> N s"
 * @param aesSeconds      how long to encrypt to find this JVM's AES-GCM speed (workload 3's limit)
 * @param tableRows       machines in the desktop table whose frames are timed (workload 9)
 * @param frameSeconds    how long its frames are timed, after one second of warm-up (workload 9)
 */
record Scale(int rounds, int mcpCalls, int transferMiB, int fleetSize, int registryAnchor, int registryLarge,
             int idleSeconds, int slowLimitSeconds, int aesSeconds, int tableRows, int frameSeconds) {
    static final Scale FULL = new Scale(3, 1000, 256, 50, 100, 10_000, 30, 150, 15, 1000, 10);
    static final Scale SMOKE = new Scale(1, 10, 4, 2, 5, 10, 0, 60, 2, 100, 2);
}
