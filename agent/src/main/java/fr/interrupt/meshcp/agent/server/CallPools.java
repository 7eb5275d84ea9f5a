package fr.interrupt.meshcp.agent.server;

import fr.interrupt.meshcp.agent.DaemonThreads;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One bounded thread pool per kind of call, so one kind cannot starve the others: reads that never end (a file that
 * blocks like {@code /proc/kmsg}) hold at most the {@link Kind#FILES} threads while ping, status and exec are still
 * answered. Each pool starts its threads on demand and lets idle ones go after a minute; calls beyond a pool's
 * threads wait in its queue (bounded in practice by the transport's concurrent calls per connection).
 */
final class CallPools implements ServerCallExecutorSupplier {
    /** The kinds of call and their threads. */
    enum Kind {
        /** ReadFile, WriteFile, ListFiles, StatFile. */
        FILES(8),
        /** Exec, ExecSession and the job calls. */
        JOBS(8),
        /** The docker calls (a container log stream runs on its own workers). */
        DOCKER(4),
        /** Ping and GetSystemStatus: cheap, and what tells the hub the agent is alive. */
        CHEAP(4);

        final int threads;

        Kind(int threads) {
            this.threads = threads;
        }
    }

    private final Map<Kind, ThreadPoolExecutor> pools = new EnumMap<>(Kind.class);

    CallPools() {
        for (Kind kind : Kind.values()) {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(kind.threads, kind.threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    new DaemonThreads("grpc-" + kind.name().toLowerCase(java.util.Locale.ROOT)));
            pool.allowCoreThreadTimeOut(true);
            pools.put(kind, pool);
        }
    }

    /** The kind of a method of meshcp.agent.v1.AgentService by its bare name; null for any other (the default pool). */
    static Kind kindOf(String bareMethodName) {
        switch (bareMethodName) {
            case "ReadFile":
            case "WriteFile":
            case "ListFiles":
            case "StatFile":
                return Kind.FILES;
            case "Ping":
            case "GetSystemStatus":
                return Kind.CHEAP;
            case "ListContainers":
            case "InspectContainer":
            case "ContainerLogs":
                return Kind.DOCKER;
            case "Exec":
            case "ExecSession":
            case "StartJob":
            case "AttachJob":
            case "WaitJob":
            case "StartJobAndWait":
            case "ReadJobOutput":
            case "GetJob":
            case "ListJobs":
            case "CancelJob":
                return Kind.JOBS;
            default:
                return null;
        }
    }

    @Override
    public <Q, R> Executor getExecutor(ServerCall<Q, R> call, Metadata headers) {
        Kind kind = kindOf(call.getMethodDescriptor().getBareMethodName());
        return kind == null ? null : pools.get(kind);
    }

    /** Calls of kind running or queued now (for tests). */
    int busy(Kind kind) {
        ThreadPoolExecutor pool = pools.get(kind);
        return pool.getActiveCount() + pool.getQueue().size();
    }

    void shutdownNow() {
        pools.values().forEach(ThreadPoolExecutor::shutdownNow);
    }
}
