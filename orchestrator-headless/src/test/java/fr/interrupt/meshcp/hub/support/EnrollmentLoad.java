package fr.interrupt.meshcp.hub.support;

import fr.interrupt.meshcp.shared.enroll.EnrollRequest;
import fr.interrupt.meshcp.shared.tls.KeyPairs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Enrollment throughput at the hub (issue 12, workload 7): {@code COUNT} enrollments at once through the real HTTPS
 * endpoint on loopback, each with its own token and key (made before the clock starts), on a hub whose registry
 * already holds {@code EXISTING} machines. Prints the rate. With {@code service} as MODE the requests go straight to
 * the hub's enrollment service from COUNT threads (no HTTPS: what the hub's state files cost).
 * Usage: {@code EnrollmentLoad DATA_DIR COUNT EXISTING [ROUNDS] [https|service]}.
 */
public final class EnrollmentLoad {
    private EnrollmentLoad() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        int existing = Integer.parseInt(args[2]);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        boolean direct = args.length > 4 && args[4].equals("service");
        if (existing > 0) {
            LargeRegistry.fill(dataDir, existing, 9);
        }
        try (TestHub hub = TestHub.open(dataDir)) {
            EnrollmentClient client = direct ? null : hub.client();
            var service = direct ? hub.enrollment() : null;
            var loopback = java.net.InetAddress.getLoopbackAddress();
            ExecutorService pool = Executors.newFixedThreadPool(count);
            for (int round = 0; round < rounds; round++) {
                List<EnrollRequest> requests = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    String name = "load-" + round + "-" + i;
                    requests.add(EnrollmentClient.request(hub.token(name).token(), name, KeyPairs.generateP256(), "127.0.0.1", 7444));
                }
                CountDownLatch go = new CountDownLatch(1);
                List<Future<EnrollmentClient.Reply>> replies = new ArrayList<>();
                for (EnrollRequest request : requests) {
                    replies.add(pool.submit(() -> {
                        go.await();
                        try {
                            if (direct) {
                                service.enroll(request, loopback);
                                return new EnrollmentClient.Reply(200, "");
                            }
                            return client.post(request);
                        } catch (Exception e) {
                            return new EnrollmentClient.Reply(0, e.toString());
                        }
                    }));
                }
                var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
                long cpuStart = os.getProcessCpuTime();
                long start = System.nanoTime();
                go.countDown();
                int ok = 0;
                for (Future<EnrollmentClient.Reply> reply : replies) {
                    ok += reply.get(120, TimeUnit.SECONDS).status() == 200 ? 1 : 0;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpuMillis = (os.getProcessCpuTime() - cpuStart) / 1e6 / count;
                System.out.printf("%s round %d: %d of %d enrolled in %.2f s: %.1f enrollments/s, %.1f ms CPU each (registry %d machines before), load %s%n",
                        direct ? "service" : "https", round, ok, count, seconds, ok / seconds, cpuMillis, existing + round * count,
                        java.nio.file.Files.readString(Path.of("/proc/loadavg")).substring(0, 14));
            }
            pool.shutdownNow();
        }
    }
}
