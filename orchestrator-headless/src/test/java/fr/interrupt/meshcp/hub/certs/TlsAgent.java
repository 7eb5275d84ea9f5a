package fr.interrupt.meshcp.hub.certs;

import fr.interrupt.meshcp.agent.AgentRuntime;
import fr.interrupt.meshcp.agent.HostFacts;
import fr.interrupt.meshcp.agent.config.AgentConfig;
import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.agent.config.ListenAddress;
import fr.interrupt.meshcp.agent.creds.AgentCredentials;
import fr.interrupt.meshcp.agent.creds.CredentialFiles;
import fr.interrupt.meshcp.hub.support.TestHub;
import fr.interrupt.meshcp.shared.tls.Pem;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;

/**
 * A real agent (the agent module's composition root) serving mTLS on loopback from a creds dir, as
 * {@code meshcp-agent start} does after {@code enroll}: the certificate lifecycle runs through its real files.
 */
public final class TlsAgent implements AutoCloseable {
    private final String name;
    private final int port;
    private final CredentialFiles files;
    private AgentRuntime runtime;

    private TlsAgent(String name, int port, CredentialFiles files) {
        this.name = name;
        this.port = port;
        this.files = files;
    }

    /** Enrolls name with hub through its endpoint, writes the creds as the agent would, and starts the agent. */
    public static TlsAgent enroll(TestHub hub, String name, int port, Path credsDir) throws Exception {
        TestHub.Enrolled enrolled = hub.enroll(name, "127.0.0.1", port);
        CredentialFiles files = new CredentialFiles(credsDir);
        files.write(enrolled.key().getPrivate(), enrolled.certificate(), enrolled.ca());
        TlsAgent agent = new TlsAgent(name, port, files);
        agent.start();
        return agent;
    }

    /** Starts (again) from the files in the creds dir. */
    public void start() throws Exception {
        AgentConfig config = new AgentConfig(name, new ListenAddress("127.0.0.1", port), files.dir(), Capabilities.DEFAULT);
        runtime = AgentRuntime.start(config, AgentCredentials.load(files, name), new HostFacts(name, "Linux", "amd64"),
                Clock.systemUTC());
    }

    public void stop() {
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
    }

    /** The certificate in the creds dir now. */
    public X509Certificate certificateOnDisk() throws Exception {
        return Pem.readCertificate(files.certificate());
    }

    public CredentialFiles files() {
        return files;
    }

    @Override
    public void close() {
        stop();
    }
}
