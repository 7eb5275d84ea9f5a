package fr.interrupt.meshcp.agent.creds;

import fr.interrupt.meshcp.agent.io.AtomicFiles;
import fr.interrupt.meshcp.proto.agent.v1.SignedTrustedCas;
import fr.interrupt.meshcp.proto.agent.v1.TrustedCas;
import fr.interrupt.meshcp.shared.tls.CaPin;
import fr.interrupt.meshcp.shared.tls.CertificateRoles;
import fr.interrupt.meshcp.shared.tls.Pem;
import fr.interrupt.meshcp.shared.tls.TrustedCaSignature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CAs this agent trusts: the CA of its own certificate ({@code ca.crt}) and, during a CA rotation, the other one,
 * as the hub set them in {@code <creds>/trusted-cas.pb} (signed by a CA already trusted, written atomically).
 */
public final class CaTrust {
    private static final Logger LOG = LoggerFactory.getLogger(CaTrust.class);
    /** The file name inside the creds dir. */
    public static final String FILE_NAME = "trusted-cas.pb";

    private record Held(long issuedAt, List<X509Certificate> cas) {
    }

    private final Path file;
    private final Supplier<X509Certificate> issuing;
    private final AtomicReference<Held> held;

    private CaTrust(Path file, Supplier<X509Certificate> issuing, Held initial) {
        this.file = file;
        this.issuing = issuing;
        this.held = new AtomicReference<>(initial);
    }

    /**
     * The set persisted in credsDir when it still holds issuing's CA (the CA of the agent's certificate), else that CA
     * alone. issuing is read again at each check: it changes when a renewal under a new CA is installed.
     */
    public static CaTrust load(Path credsDir, Supplier<X509Certificate> issuing) {
        Path file = credsDir.resolve(FILE_NAME);
        Held initial = new Held(0, List.of(issuing.get()));
        if (Files.exists(file)) {
            try {
                SignedTrustedCas signed = SignedTrustedCas.parseFrom(Files.readAllBytes(file));
                TrustedCas set = TrustedCaSignature.verify(signed, certificates(TrustedCas.parseFrom(signed.getTrustedCas())));
                List<X509Certificate> cas = certificates(set);
                if (cas.contains(issuing.get())) {
                    initial = new Held(set.getIssuedAtMillis(), cas);
                } else {
                    LOG.warn("ignoring {}: it does not hold the CA of this agent's certificate", file);
                }
            } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
                LOG.warn("ignoring {}: {}; the hub sends it again at its next contact", file, e.getMessage());
            }
        }
        return new CaTrust(file, issuing, initial);
    }

    /** The CAs trusted now; always includes the CA of the agent's own certificate. */
    public List<X509Certificate> cas() {
        List<X509Certificate> cas = held.get().cas();
        X509Certificate own = issuing.get();
        if (cas.contains(own)) {
            return cas;
        }
        List<X509Certificate> with = new ArrayList<>(cas);
        with.add(0, own);
        return with;
    }

    /** CaPin of each trusted CA. */
    public List<String> pins() {
        return cas().stream().map(CaPin::of).toList();
    }

    /**
     * Takes signed when a CA trusted now signed it, it is newer than the set held, every entry is a CA certificate,
     * and it still holds the CA of this agent's certificate; persisted before it takes effect.
     *
     * @throws GeneralSecurityException when any of that does not hold (the set held is unchanged)
     * @throws IOException when the file cannot be written
     */
    public synchronized void accept(SignedTrustedCas signed) throws GeneralSecurityException, IOException {
        TrustedCas set = TrustedCaSignature.verify(signed, cas());
        if (set.getIssuedAtMillis() <= held.get().issuedAt()) {
            throw new GeneralSecurityException("the trusted CAs are not newer than the set this agent holds");
        }
        List<X509Certificate> next;
        try {
            next = certificates(set);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("the trusted CAs cannot be read");
        }
        if (next.isEmpty() || !next.stream().allMatch(CertificateRoles::isCa)) {
            throw new GeneralSecurityException("the trusted CAs must be CA certificates");
        }
        if (!next.contains(issuing.get())) {
            throw new GeneralSecurityException("the trusted CAs leave out the CA of this agent's own certificate: renew it first");
        }
        AtomicFiles.write(file, signed.toByteArray(), AtomicFiles.WORLD_READABLE);
        held.set(new Held(set.getIssuedAtMillis(), List.copyOf(next)));
        LOG.info("trusted CAs now: {}", next.stream().map(CaPin::of).toList());
    }

    private static List<X509Certificate> certificates(TrustedCas set) {
        return set.getCaPemsList().stream().map(Pem::certificate).toList();
    }
}
