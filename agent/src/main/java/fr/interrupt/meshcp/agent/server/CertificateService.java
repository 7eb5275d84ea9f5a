package fr.interrupt.meshcp.agent.server;

import fr.interrupt.meshcp.agent.creds.AgentCredentials;
import fr.interrupt.meshcp.agent.creds.CaTrust;
import fr.interrupt.meshcp.agent.creds.CredentialFiles;
import fr.interrupt.meshcp.proto.agent.v1.SignedTrustedCas;
import fr.interrupt.meshcp.agent.creds.HubDenyList;
import fr.interrupt.meshcp.agent.creds.LiveCredentials;
import fr.interrupt.meshcp.agent.enroll.CsrFactory;
import fr.interrupt.meshcp.proto.agent.v1.AgentCertificatesGrpc;
import fr.interrupt.meshcp.proto.agent.v1.CertificateState;
import fr.interrupt.meshcp.proto.agent.v1.CertificateStateRequest;
import fr.interrupt.meshcp.proto.agent.v1.InstallCertificateRequest;
import fr.interrupt.meshcp.proto.agent.v1.PrepareRenewalRequest;
import fr.interrupt.meshcp.proto.agent.v1.PrepareRenewalResponse;
import fr.interrupt.meshcp.proto.agent.v1.SignedDenyList;
import fr.interrupt.meshcp.shared.tls.CaPin;
import fr.interrupt.meshcp.shared.tls.CaTrustManager;
import fr.interrupt.meshcp.shared.tls.CertificateRoles;
import fr.interrupt.meshcp.shared.tls.KeyPairs;
import fr.interrupt.meshcp.shared.tls.Pem;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's side of certificate renewal and hub revocation. The hub drives it (the hub dials agents); the agent
 * makes its own key, checks what it is given against its own CA and name, and never takes a certificate for a key
 * it did not make in this process.
 */
public final class CertificateService extends AgentCertificatesGrpc.AgentCertificatesImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateService.class);

    private final String machineName;
    private final LiveCredentials live;
    private final CaTrust trust;
    private final CredentialFiles files;
    private final HubDenyList denied;
    private final AtomicReference<KeyPair> pending = new AtomicReference<>();

    public CertificateService(String machineName, LiveCredentials live, CaTrust trust, CredentialFiles files, HubDenyList denied) {
        this.machineName = machineName;
        this.live = live;
        this.trust = trust;
        this.files = files;
        this.denied = denied;
    }

    @Override
    public void getCertificateState(CertificateStateRequest request, StreamObserver<CertificateState> response) {
        answer(response, state());
    }

    @Override
    public void prepareRenewal(PrepareRenewalRequest request, StreamObserver<PrepareRenewalResponse> response) {
        String serving = serial(live.current().certificate());
        if (!serving.equals(request.getCurrentSerial())) {
            response.onError(Status.FAILED_PRECONDITION.withDescription("this agent serves certificate " + serving + ", not "
                    + request.getCurrentSerial()).asRuntimeException());
            return;
        }
        KeyPair key = KeyPairs.generateP256();
        pending.set(key);
        answer(response, PrepareRenewalResponse.newBuilder().setCsrPem(CsrFactory.csrPem(key, machineName)).build());
    }

    @Override
    public void installCertificate(InstallCertificateRequest request, StreamObserver<CertificateState> response) {
        try {
            synchronized (this) {
                install(request.getCertificatePem());
            }
            answer(response, state());
        } catch (IllegalArgumentException e) {
            response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        } catch (IllegalStateException e) {
            response.onError(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException());
        } catch (IOException e) {
            LOG.error("cannot write the renewed certificate in {}", files.dir(), e);
            response.onError(Status.INTERNAL.withDescription("cannot write the renewed certificate in " + files.dir())
                    .asRuntimeException());
        }
    }

    @Override
    public void pushDenyList(SignedDenyList request, StreamObserver<CertificateState> response) {
        try {
            denied.accept(request);
            answer(response, state());
        } catch (GeneralSecurityException e) {
            response.onError(Status.INVALID_ARGUMENT.withDescription("deny list refused: " + e.getMessage()).asRuntimeException());
        } catch (IOException e) {
            LOG.error("cannot write the hub deny list in {}", files.dir(), e);
            response.onError(Status.INTERNAL.withDescription("cannot write the hub deny list in " + files.dir()).asRuntimeException());
        }
    }

    @Override
    public void pushTrustedCas(SignedTrustedCas request, StreamObserver<CertificateState> response) {
        try {
            trust.accept(request);
            answer(response, state());
        } catch (GeneralSecurityException e) {
            response.onError(Status.INVALID_ARGUMENT.withDescription("trusted CAs refused: " + e.getMessage()).asRuntimeException());
        } catch (IOException e) {
            LOG.error("cannot write the trusted CAs in {}", files.dir(), e);
            response.onError(Status.INTERNAL.withDescription("cannot write the trusted CAs in " + files.dir()).asRuntimeException());
        }
    }

    private void install(String pem) throws IOException {
        KeyPair key = pending.get();
        if (key == null) {
            throw new IllegalStateException("no renewal was prepared on this agent since it started");
        }
        X509Certificate certificate;
        try {
            certificate = Pem.certificate(pem);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the certificate cannot be read");
        }
        X509Certificate issuer = trust.cas().stream().filter(ca -> issued(certificate, ca)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the certificate is not signed by a CA this agent trusts or is not valid now"));
        if (!CertificateRoles.isAgent(certificate, machineName)) {
            throw new IllegalArgumentException("the certificate is not an agent certificate for machine \"" + machineName + "\"");
        }
        if (!certificate.getPublicKey().equals(key.getPublic())) {
            throw new IllegalArgumentException("the certificate is not for the key this agent made for the renewal");
        }
        keepPrevious(files.privateKey());
        keepPrevious(files.certificate());
        files.write(key.getPrivate(), certificate, issuer);
        live.replace(new AgentCredentials(key.getPrivate(), certificate, issuer));
        pending.compareAndSet(key, null);
        LOG.info("renewed certificate installed: serial {}, valid until {}", serial(certificate), certificate.getNotAfter().toInstant());
    }

    private static boolean issued(X509Certificate certificate, X509Certificate ca) {
        try {
            CaTrustManager.validateChain(new X509Certificate[] {certificate}, ca);
            return true;
        } catch (CertificateException e) {
            return false;
        }
    }

    private static void keepPrevious(Path file) throws IOException {
        Path previous = file.resolveSibling(file.getFileName() + ".previous");
        Path temp = file.resolveSibling("." + file.getFileName() + ".previous.tmp");
        Files.copy(file, temp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        Files.move(temp, previous, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private CertificateState state() {
        AgentCredentials now = live.current();
        return CertificateState.newBuilder()
                .setSerial(serial(now.certificate()))
                .setNotBeforeMillis(now.certificate().getNotBefore().getTime())
                .setNotAfterMillis(now.certificate().getNotAfter().getTime())
                .setDenyListVersion(denied.version())
                .setCaSha256Pin(CaPin.of(now.ca()))
                .addAllTrustedCaPins(trust.pins())
                .build();
    }

    private static String serial(X509Certificate certificate) {
        return certificate.getSerialNumber().toString(16);
    }

    private static <T> void answer(StreamObserver<T> response, T value) {
        response.onNext(value);
        response.onCompleted();
    }
}
