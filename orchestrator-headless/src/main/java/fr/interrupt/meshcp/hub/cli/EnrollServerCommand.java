package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.enroll.EnrollmentServer;
import java.io.IOException;
import java.net.BindException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "enroll-server", description = "Run only the HTTPS enrollment endpoint, until stopped (for hubs run as a service).")
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
        EnrollmentServer server;
        try {
            server = hub.startEnrollmentServer(ListenAddress.parse(listen));
        } catch (BindException e) {
            hub.close();
            throw new MeshcpException(MeshcpException.Kind.CONFLICT, "cannot listen on " + listen
                    + ": the port is in use (another hub process may already serve enrollment)");
        } catch (IOException e) {
            hub.close();
            throw new MeshcpException(MeshcpException.Kind.UNREACHABLE, "cannot listen on " + listen + ": " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            hub.close();
            stopped.countDown();
        }, "meshcp-shutdown"));
        spec.commandLine().getErr().println("meshcp enrollment endpoint listening on https://" + ListenAddress.display(server.address())
                + " (data dir " + hub.paths().dataDir() + ")");
        stopped.await();
        return 0;
    }
}
