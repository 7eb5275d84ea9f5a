package fr.interrupt.meshcp.agent.creds;

import fr.interrupt.meshcp.agent.io.AtomicFiles;
import fr.interrupt.meshcp.proto.agent.v1.DenyList;
import fr.interrupt.meshcp.proto.agent.v1.SignedDenyList;
import fr.interrupt.meshcp.shared.tls.DenyListSignature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator certificate serials this agent refuses, as the hub's CA signed them. Kept in
 * {@code <creds>/hub-deny-list.pb} (written atomically, 0644: it holds serials, no secret) and checked on every
 * handshake and every call. Only a list signed by the agent's CA with a higher version replaces the one held.
 */
public final class HubDenyList {
    private static final Logger LOG = LoggerFactory.getLogger(HubDenyList.class);
    /** The file name inside the creds dir. */
    public static final String FILE_NAME = "hub-deny-list.pb";

    private record Held(long version, Set<String> serials) {
    }

    private final Path file;
    private final Supplier<List<X509Certificate>> ca;
    private final AtomicReference<Held> held;

    private HubDenyList(Path file, Supplier<List<X509Certificate>> ca, Held initial) {
        this.file = file;
        this.ca = ca;
        this.held = new AtomicReference<>(initial);
    }

    /**
     * The list persisted in credsDir, or an empty one when there is none. A file whose signature does not verify
     * under a trusted CA (ca: two during a CA rotation) is ignored with a warning (the hub pushes it again).
     */
    public static HubDenyList load(Path credsDir, Supplier<List<X509Certificate>> ca) {
        Path file = credsDir.resolve(FILE_NAME);
        Held initial = new Held(0, Set.of());
        if (Files.exists(file)) {
            try {
                DenyList list = DenyListSignature.verify(SignedDenyList.parseFrom(Files.readAllBytes(file)), ca.get());
                initial = new Held(list.getVersion(), Set.copyOf(list.getHubSerialsList()));
            } catch (IOException | GeneralSecurityException e) {
                LOG.warn("ignoring {}: {}; the hub sends it again at its next contact", file, e.getMessage());
            }
        }
        return new HubDenyList(file, ca, initial);
    }

    /** Whether an orchestrator certificate with this serial (lowercase hex) is refused. */
    public boolean denies(String serial) {
        return held.get().serials().contains(serial);
    }

    /** The version held; 0 before any list. */
    public long version() {
        return held.get().version();
    }

    /**
     * Takes signed when its signature verifies under the CA and its version is above the one held, persisting it
     * before it takes effect. An equal version is accepted as a no-op (a repeated push).
     *
     * @throws GeneralSecurityException when the signature does not verify or the version is older than the one held
     * @throws IOException when the file cannot be written (the list held is unchanged)
     */
    public synchronized void accept(SignedDenyList signed) throws GeneralSecurityException, IOException {
        DenyList list = DenyListSignature.verify(signed, ca.get());
        long have = held.get().version();
        if (list.getVersion() < have) {
            throw new GeneralSecurityException("deny list version " + list.getVersion() + " is older than version " + have
                    + " held here");
        }
        if (list.getVersion() == have) {
            return;
        }
        AtomicFiles.write(file, signed.toByteArray(), AtomicFiles.WORLD_READABLE);
        held.set(new Held(list.getVersion(), Set.copyOf(list.getHubSerialsList())));
        LOG.info("hub deny list version {}: {} orchestrator certificate(s) refused", list.getVersion(), list.getHubSerialsCount());
    }
}
