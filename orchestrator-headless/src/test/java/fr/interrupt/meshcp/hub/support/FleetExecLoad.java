package fr.interrupt.meshcp.hub.support;

import fr.interrupt.meshcp.agent.AgentRuntime;
import fr.interrupt.meshcp.agent.HostFacts;
import fr.interrupt.meshcp.agent.config.AgentConfig;
import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.agent.config.ListenAddress;
import fr.interrupt.meshcp.agent.creds.AgentCredentials;
import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.jobs.JobStatus;
import fr.interrupt.meshcp.hub.service.ExecOptions;
import fr.interrupt.meshcp.hub.service.FanOut;
import fr.interrupt.meshcp.testsupport.Ports;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Exec on many agents at once (issue 12, workload 4), as MCP {@code exec_many} does it through the hub's services:
 * start the job on every machine ({@link fr.interrupt.meshcp.hub.jobs.JobService#startMany}), then wait for each to
 * end. {@code AGENTS} real agent runtimes in this JVM, each enrolled through the hub's HTTPS endpoint and serving mTLS
 * on its own loopback port. The first round runs on a freshly opened hub (a new TLS connection to every agent), then
 * {@code ROUNDS} warm rounds; prints milliseconds. Usage: {@code FleetExecLoad DATA_DIR AGENTS ROUNDS [PARALLELISM] [COMMAND]}.
 */
public final class FleetExecLoad {
    private FleetExecLoad() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int parallelism = args.length > 3 ? Integer.parseInt(args[3]) : FanOut.DEFAULT_PARALLELISM;
        String command = args.length > 4 ? args[4] : "uname -a";
        List<AgentRuntime> agents = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (TestHub enroller = TestHub.open(dataDir)) {
            for (int i = 0; i < count; i++) {
                String name = String.format("agent-%02d", i);
                int port = Ports.freePort();
                TestHub.Enrolled enrolled = enroller.enroll(name, "127.0.0.1", port);
                AgentConfig config = new AgentConfig(name, new ListenAddress("127.0.0.1", port), dataDir.resolve("creds-" + name),
                        Capabilities.DEFAULT, Map.of());
                agents.add(AgentRuntime.start(config, new AgentCredentials(enrolled.key().getPrivate(), enrolled.certificate(),
                        enrolled.ca()), new HostFacts(name, "Linux", "amd64"), Clock.systemUTC()));
                names.add(name);
            }
        }
        try (Hub hub = Hub.open(dataDir, "bench")) {
            ExecOptions options = ExecOptions.of(command);
            System.out.printf("first round (%d new TLS connections): %.0f ms%n", count, round(hub, names, options, parallelism));
            double[] warm = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                warm[r] = round(hub, names, options, parallelism);
            }
            Arrays.sort(warm);
            System.out.printf("warm, %d rounds: median %.0f ms, best %.0f ms, worst %.0f ms (parallelism %d, load %s)%n", rounds,
                    warm[rounds / 2], warm[0], warm[rounds - 1], parallelism,
                    java.nio.file.Files.readString(Path.of("/proc/loadavg")).substring(0, 14));
        } finally {
            agents.forEach(AgentRuntime::close);
        }
    }

    private static double round(Hub hub, List<String> names, ExecOptions options, int parallelism) {
        long start = System.nanoTime();
        List<CompletableFuture<JobStatus>> ends = new ArrayList<>();
        for (FanOut.Each<JobStatus> each : hub.jobs().startMany(names, options, parallelism)) {
            if (!each.ok()) {
                throw each.error();
            }
            ends.add(each.value().isDone() ? CompletableFuture.completedFuture(each.value())
                    : hub.jobs().awaitAsync(each.value().ref(), Duration.ofSeconds(30)));
        }
        for (CompletableFuture<JobStatus> end : ends) {
            if (!end.join().succeeded()) {
                throw new IllegalStateException("a job failed: " + end.join());
            }
        }
        return (System.nanoTime() - start) / 1e6;
    }
}
