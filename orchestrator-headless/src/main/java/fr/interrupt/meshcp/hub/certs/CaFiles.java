package fr.interrupt.meshcp.hub.certs;

import fr.interrupt.meshcp.hub.HubPaths;
import fr.interrupt.meshcp.hub.pki.CertificateAuthority;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The hub's CA and, during a rotation, the new one, as they are on disk now: another process may start or finish a
 * rotation, so each is read again when its certificate file changes. Both issue short-lived leaves for the
 * configured validity.
 */
public final class CaFiles {
    private final HubPaths paths;
    private final Clock clock;
    private final SecureRandom random;
    private final Supplier<Duration> validity;
    private Cached current;
    private Cached next;

    private record Cached(FileTime stamp, CertificateAuthority ca) {
    }

    public CaFiles(HubPaths paths, Clock clock, SecureRandom random, Supplier<Duration> validity) {
        this.paths = paths;
        this.clock = clock;
        this.random = random;
        this.validity = validity;
    }

    /** The CA in ca.crt: it signs the hub's certificates, the deny list, and enrollment certificates. */
    public synchronized CertificateAuthority current() {
        FileTime stamp = modified(paths.caCertificate());
        if (current == null || !current.stamp().equals(stamp)) {
            current = new Cached(stamp, CertificateAuthority.loadOrCreate(paths, clock, random).withShortLeafValidity(validity));
        }
        return current.ca();
    }

    /** The new CA of a rotation under way. */
    public synchronized Optional<CertificateAuthority> next() {
        FileTime stamp = modified(paths.nextCaCertificate());
        if (stamp == null) {
            next = null;
            return Optional.empty();
        }
        if (next == null || !next.stamp().equals(stamp)) {
            next = new Cached(stamp, CertificateAuthority.loadNext(paths, clock, random).orElseThrow().withShortLeafValidity(validity));
        }
        return Optional.of(next.ca());
    }

    /** The CA that signs renewed agent certificates: the new one during a rotation. */
    public CertificateAuthority issuing() {
        return next().orElseGet(this::current);
    }

    /** The CAs whose agent certificates the hub accepts: one, or two during a rotation. */
    public List<X509Certificate> trusted() {
        List<X509Certificate> all = new ArrayList<>();
        all.add(current().certificate());
        next().ifPresent(n -> all.add(n.certificate()));
        return all;
    }

    private static FileTime modified(Path file) {
        try {
            return Files.exists(file) ? Files.getLastModifiedTime(file) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
