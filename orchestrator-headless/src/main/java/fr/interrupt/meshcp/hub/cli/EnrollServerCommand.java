package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.config.ListenAddress;
import fr.interrupt.meshcp.hub.enroll.EndpointStart;
import fr.interrupt.meshcp.hub.enroll.EnrollmentServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "enroll-server", mixinStandardHelpOptions = true, description = "Run only the HTTPS enrollment endpoint, until stopped (for hubs run as a service).")
final class EnrollServerCommand implements Callable<Integer> {
    @ParentCommand
    OrchestratorCommand root;
    @Spec
    CommandSpec spec;

    @Option(names = "--listen", defaultValue = "0.0.0.0:7443", paramLabel = "HOST:PORT", description = "Default: ${DEFAULT-VALUE}.")
    String listen;

    @Override
    public Integer call() throws InterruptedException {
        Hub hub = root.openHub("enroll-server");
        EndpointStart start = hub.enrollmentEndpoint().start(ListenAddress.parse(listen));
        if (!(start instanceof EndpointStart.Serving serving)) {
            hub.close();
            throw new MeshcpException(start instanceof EndpointStart.Failed ? MeshcpException.Kind.UNREACHABLE : MeshcpException.Kind.CONFLICT,
                    EndpointText.notStarted(start));
        }
        EnrollmentServer server = serving.server();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            hub.close();
            stopped.countDown();
        }, "meshcp-shutdown"));
        spec.commandLine().getErr().println("meshcp enrollment endpoint listening on https://" + ListenAddress.display(server.address())
                + " (data dir " + hub.dataDir() + ")");
        stopped.await();
        return 0;
    }
}
