package fr.interrupt.meshcp.hub.certs;

import fr.interrupt.meshcp.hub.HubPaths;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.audit.AuditLog;
import fr.interrupt.meshcp.hub.fleet.AgentChannels;
import fr.interrupt.meshcp.hub.pki.CertificateAuthority;
import fr.interrupt.meshcp.hub.pki.CertificateProfile;
import fr.interrupt.meshcp.hub.pki.Credential;
import fr.interrupt.meshcp.hub.pki.CsrValidator;
import fr.interrupt.meshcp.hub.pki.HubClientCredential;
import fr.interrupt.meshcp.hub.pki.HubCredentials;
import fr.interrupt.meshcp.hub.pki.RenewalPolicy;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.hub.service.AgentErrors;
import fr.interrupt.meshcp.hub.service.FanOut;
import fr.interrupt.meshcp.hub.state.JsonStateFile;
import fr.interrupt.meshcp.proto.agent.v1.AgentCertificatesGrpc;
import fr.interrupt.meshcp.proto.agent.v1.CertificateState;
import fr.interrupt.meshcp.proto.agent.v1.CertificateStateRequest;
import fr.interrupt.meshcp.proto.agent.v1.DenyList;
import fr.interrupt.meshcp.proto.agent.v1.InstallCertificateRequest;
import fr.interrupt.meshcp.proto.agent.v1.PrepareRenewalRequest;
import fr.interrupt.meshcp.proto.agent.v1.SignedDenyList;
import fr.interrupt.meshcp.shared.tls.CaPin;
import fr.interrupt.meshcp.shared.tls.Pem;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Certificates over time, once for every face: renewal of agent certificates over the mTLS channel the hub dials
 * (the agent makes the key; the hub checks the serial it presents against the registry, signs, and promotes the new
 * serial only once a fresh connection presents it), the hub's own client certificate, and the hub deny list that
 * agents enforce on every call. State in certificates.json (locked, atomic, shared by every process on the data dir).
 */
public final class CertificateLifecycle implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateLifecycle.class);
    /** Shortest and longest configurable leaf validity: a day; 397 days (the CA/Browser Forum's cap for TLS leaves). */
    public static final int MIN_VALIDITY_DAYS = 1;
    public static final int MAX_VALIDITY_DAYS = 397;
    /** How often {@code serve} and the desktop check renewals and push the deny list: within a minute of a change. */
    public static final Duration MAINTENANCE_INTERVAL = Duration.ofSeconds(30);
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(10);
    private static final int PARALLELISM = FanOut.DEFAULT_PARALLELISM;

    private final HubPaths paths;
    private final JsonStateFile<CertificatesFile> file;
    private final CaFiles cas;
    private final HubClientCredential client;
    private final MachineRegistry registry;
    private final Supplier<AgentChannels> channels;
    private final AuditLog audit;
    private final Clock clock;
    private final ExecutorService calls;
    private ScheduledExecutorService timer;
    private volatile String lastClientSerial;

    /**
     * channels is a supplier because the channels depend on this lifecycle (they accept serials being renewed) and
     * the hub builds them after it; ca is the hub's CA, issuing short-lived leaves for {@link #leafValidity()}.
     */
    public CertificateLifecycle(HubPaths paths, JsonStateFile<CertificatesFile> file, CaFiles cas,
                                HubClientCredential client, MachineRegistry registry, Supplier<AgentChannels> channels,
                                AuditLog audit, Clock clock) {
        this.paths = paths;
        this.file = file;
        this.cas = cas;
        this.client = client;
        this.registry = registry;
        this.channels = channels;
        this.audit = audit;
        this.clock = clock;
        this.calls = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "meshcp-certificates");
            t.setDaemon(true);
            return t;
        });
    }

    /** How long agent and hub client certificates issued now last: {@code ca set-validity}, 30 days by default. */
    public Duration leafValidity() {
        return leafValidity(file.read());
    }

    /** The leaf validity that state sets: its days, or 30 days when unset. */
    public static Duration leafValidity(CertificatesFile state) {
        Integer days = state.leafValidityDays();
        return days == null ? CertificateProfile.DEFAULT_SHORT_VALIDITY : Duration.ofDays(days);
    }

    /**
     * Sets how many days agent and hub client certificates issued from now on last; those in use keep their dates
     * and are renewed at two thirds of their life as before.
     *
     * @throws MeshcpException INVALID_INPUT outside {@value #MIN_VALIDITY_DAYS}..{@value #MAX_VALIDITY_DAYS}
     */
    public Duration setLeafValidityDays(int days) {
        if (days < MIN_VALIDITY_DAYS || days > MAX_VALIDITY_DAYS) {
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, "the certificate validity must be between "
                    + MIN_VALIDITY_DAYS + " and " + MAX_VALIDITY_DAYS + " days, not " + days);
        }
        audit.requireWritable();
        file.update(f -> new CertificatesFile(1, days, f.denyListVersion(), f.denyListIssuedAt(), f.revokedHub(), f.renewing(),
                f.machines()));
        audit.record("ca set-validity", null, Map.of("days", days));
        return Duration.ofDays(days);
    }

    /**
     * Whether serial is the certificate of a renewal of machine name that is not confirmed yet and still replaces the
     * serial the registry holds (so a stale entry never vouches for anything after a re-enrollment).
     */
    public boolean isRenewing(String name, String serial) {
        CertificatesFile.Renewal renewal = file.read().renewing().get(name);
        return renewal != null && renewal.serial().equals(serial)
                && registry.find(name).map(m -> m.certificateSerial().equals(renewal.replacesSerial())).orElse(false);
    }

    /**
     * Renews machine name's certificate if it is due ({@link RenewalPolicy}), or whatever its age with force.
     *
     * @throws MeshcpException NOT_FOUND for an unknown machine; UNREACHABLE when it does not answer; REFUSED when its
     *                         agent is too old to renew ("update the agent ...") or refuses the renewal
     */
    public RenewalOutcome renew(String name, boolean force) {
        Machine machine = registry.require(name);
        CertificateState state = certificateState(machine);
        if (state.getSerial().equals(pendingSerial(name))) {
            machine = confirm(machine, state);
        }
        Instant notBefore = Instant.ofEpochMilli(state.getNotBeforeMillis());
        Instant notAfter = Instant.ofEpochMilli(state.getNotAfterMillis());
        Instant due = RenewalPolicy.dueAt(notBefore, notAfter);
        if (!force && !RenewalPolicy.isDue(notBefore, notAfter, clock.instant(), leafValidity())) {
            return new RenewalOutcome(name, false, state.getSerial(), state.getSerial(), Instant.ofEpochMilli(state.getNotAfterMillis()),
                    due, "not due yet");
        }
        return renewNow(machine, state);
    }

    /** {@link #renew} for every machine, 16 at once; a machine that fails gets its sentence in {@code note}. */
    public List<RenewalOutcome> renewAll(boolean force) {
        List<Machine> machines = registry.list();
        return new FanOut(calls, PARALLELISM).map(machines, m -> {
            try {
                return renew(m.name(), force);
            } catch (MeshcpException e) {
                return new RenewalOutcome(m.name(), false, m.certificateSerial(), m.certificateSerial(), null, null,
                        e.getMessage());
            }
        }, m -> new RenewalOutcome(m.name(), false, m.certificateSerial(), m.certificateSerial(), null, null,
                "no answer in time"),
                CALL_DEADLINE.multipliedBy(3));
    }

    private RenewalOutcome renewNow(Machine machine, CertificateState state) {
        String name = machine.name();
        if (!state.getSerial().equals(machine.certificateSerial()) || registry.isRevoked(state.getSerial())) {
            throw new MeshcpException(MeshcpException.Kind.REFUSED, "machine \"" + name + "\" serves certificate "
                    + state.getSerial() + ", not the one the registry holds; re-enroll it with a fresh token");
        }
        audit.requireWritable();
        var stub = stub(machine);
        String csr = call(machine, () -> stub.prepareRenewal(PrepareRenewalRequest.newBuilder()
                .setCurrentSerial(state.getSerial()).build()).getCsrPem());
        PublicKey key = CsrValidator.validatedPublicKey(csr);
        X509Certificate issued = cas.issuing().issue(CertificateProfile.agent(name), key);
        String serial = CertificateAuthority.serialOf(issued);
        CertificatesFile.Renewal renewal = new CertificatesFile.Renewal(serial, CaPin.fingerprint(issued), machine.certificateSerial(),
                issued.getNotAfter().toInstant());
        file.update(f -> withRenewing(f, name, renewal));
        call(machine, () -> stub.installCertificate(InstallCertificateRequest.newBuilder().setCertificatePem(Pem.encode(issued)).build()));
        channels.get().retire(name);
        CertificateState after = certificateState(registry.require(name));
        if (!after.getSerial().equals(serial)) {
            throw new MeshcpException(MeshcpException.Kind.REFUSED, "machine \"" + name + "\" took the renewed certificate but "
                    + "still presents serial " + after.getSerial() + "; run 'machines renew " + name + "' again");
        }
        Machine confirmed = confirm(machine, after);
        audit.record("renew", name, Map.of("previous_serial", state.getSerial(), "serial", serial,
                "not_after", issued.getNotAfter().toInstant().toString()));
        return new RenewalOutcome(name, true, state.getSerial(), confirmed.certificateSerial(), issued.getNotAfter().toInstant(),
                RenewalPolicy.dueAt(issued.getNotBefore().toInstant(), issued.getNotAfter().toInstant()), null);
    }

    /** The agent presents the renewed certificate on a fresh connection: the registry takes its serial. */
    private Machine confirm(Machine machine, CertificateState presented) {
        CertificatesFile.Renewal renewal = file.read().renewing().get(machine.name());
        if (renewal == null) {
            // another process on the data dir confirmed it a moment ago
            return registry.require(machine.name());
        }
        Machine stored = registry.replaceCertificate(machine.name(), renewal.replacesSerial(), renewal.serial(), renewal.sha256());
        file.update(f -> {
            Map<String, CertificatesFile.Renewal> renewing = new HashMap<>(f.renewing());
            renewing.remove(machine.name());
            Map<String, CertificatesFile.MachineCertificate> machines = new HashMap<>(f.machines());
            machines.put(machine.name(), seen(presented));
            return new CertificatesFile(1, f.leafValidityDays(), f.denyListVersion(), f.denyListIssuedAt(), f.revokedHub(), renewing,
                    machines);
        });
        channels.get().retire(machine.name());
        LOG.info("machine {} now uses certificate {}", machine.name(), renewal.serial());
        return stored;
    }

    private String pendingSerial(String name) {
        CertificatesFile.Renewal renewal = file.read().renewing().get(name);
        return renewal == null ? null : renewal.serial();
    }

    /**
     * Revokes the hub's orchestrator client certificate: a new one is issued at once (this process uses it; the
     * others on the data dir pick it up from disk), the old serial goes on the deny list, and the signed list is
     * pushed to every machine that answers. Agents that did not answer get it at the next contact of {@code serve},
     * the desktop or {@code machines renew}.
     */
    public HubRevocation revokeHub() {
        audit.requireWritable();
        Credential old = client.get();
        String oldSerial = CertificateAuthority.serialOf(old.certificate());
        Credential fresh = HubCredentials.reissueOrchestratorClient(paths, cas.current());
        client.set(fresh);
        lastClientSerial = CertificateAuthority.serialOf(fresh.certificate());
        Instant now = clock.instant();
        CertificatesFile updated = file.update(f -> {
            List<CertificatesFile.RevokedHubCertificate> revoked = new ArrayList<>(f.revokedHub());
            revoked.add(new CertificatesFile.RevokedHubCertificate(oldSerial, now));
            return new CertificatesFile(1, f.leafValidityDays(), f.denyListVersion() + 1, now, revoked, f.renewing(), f.machines());
        });
        registry.list().forEach(m -> channels.get().forget(m.name()));
        List<FanOut.Each<Long>> pushed = pushDenyListToAll();
        audit.record("ca revoke-hub", null, Map.of("serial", oldSerial, "new_serial", CertificateAuthority.serialOf(fresh.certificate()),
                "deny_list_version", updated.denyListVersion()));
        return new HubRevocation(oldSerial, CertificateAuthority.serialOf(fresh.certificate()), updated.denyListVersion(), pushed);
    }

    /** Sends the deny list to every machine (those already holding it answer at once); each machine's outcome. */
    public List<FanOut.Each<Long>> pushDenyListToAll() {
        SignedDenyList signed = signedDenyList();
        return new FanOut(calls, PARALLELISM).map(registry.list(), m -> {
            try {
                return new FanOut.Each<>(m.name(), push(m, signed), null);
            } catch (MeshcpException e) {
                return new FanOut.Each<Long>(m.name(), null, e);
            }
        }, m -> new FanOut.Each<Long>(m.name(), null, new MeshcpException(MeshcpException.Kind.UNREACHABLE,
                "machine \"" + m.name() + "\" did not answer in time")), CALL_DEADLINE.multipliedBy(2));
    }

    private long push(Machine machine, SignedDenyList signed) {
        var stub = stub(machine);
        return call(machine, () -> stub.pushDenyList(signed)).getDenyListVersion();
    }

    private SignedDenyList signedDenyList() {
        CertificatesFile f = file.read();
        return cas.current().sign(DenyList.newBuilder()
                .setVersion(f.denyListVersion())
                .setIssuedAtMillis(f.denyListIssuedAt() == null ? 0 : f.denyListIssuedAt().toEpochMilli())
                .addAllHubSerials(f.revokedHub().stream().map(CertificatesFile.RevokedHubCertificate::serial).toList())
                .build());
    }

    /**
     * One round of upkeep, as {@code serve} and the desktop run it every {@link #MAINTENANCE_INTERVAL}: the hub's own
     * client certificate renewed when due, then for each machine that answers, the deny list pushed when it holds an
     * older one, a confirmed renewal recorded, and its certificate renewed when due. Failures are logged, never thrown.
     */
    public void maintain() {
        Credential own = client.get();
        String serial = CertificateAuthority.serialOf(own.certificate());
        if (lastClientSerial != null && !lastClientSerial.equals(serial)) {
            // another process renewed or revoked it: connections made with the old one must go
            registry.list().forEach(m -> channels.get().forget(m.name()));
        }
        lastClientSerial = serial;
        if (RenewalPolicy.isDue(own.certificate().getNotBefore().toInstant(), own.certificate().getNotAfter().toInstant(),
                clock.instant(), leafValidity())) {
            Credential fresh = HubCredentials.reissueOrchestratorClient(paths, cas.current());
            client.set(fresh);
            lastClientSerial = CertificateAuthority.serialOf(fresh.certificate());
            registry.list().forEach(m -> channels.get().retire(m.name()));
            LOG.info("the hub's client certificate was renewed");
        }
        long version = file.read().denyListVersion();
        new FanOut(calls, PARALLELISM).map(registry.list(), m -> {
            try {
                CertificateState state = certificateState(m);
                if (state.getDenyListVersion() < version) {
                    push(m, signedDenyList());
                }
                if (cas.next().isPresent()) {
                    moveToNewCa(m);
                } else if (state.getTrustedCaPinsCount() > 1) {
                    trustCurrentOnly(m);
                }
                renew(m.name(), false);
            } catch (MeshcpException e) {
                LOG.debug("certificate upkeep of {}: {}", m.name(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("certificate upkeep of {} failed", m.name(), e);
            }
            return Boolean.TRUE;
        }, m -> Boolean.FALSE, CALL_DEADLINE.multipliedBy(3));
    }

    /** Runs {@link #maintain()} now and then every interval on a daemon thread, until {@link #close()}. */
    public synchronized void startMaintenance(Duration interval) {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "meshcp-certificate-upkeep");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                maintain();
            } catch (RuntimeException e) {
                LOG.warn("certificate upkeep failed", e);
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The CA, the hub's client certificate, the deny list and each machine's certificate, from the hub's files. */
    public CaStatus status() {
        CertificatesFile f = file.read();
        X509Certificate own = client.get().certificate();
        List<CaStatus.MachineRow> rows = registry.list().stream().map(m -> {
            CertificatesFile.MachineCertificate seen = f.machines().get(m.name());
            boolean current = seen != null && seen.serial().equals(m.certificateSerial());
            return new CaStatus.MachineRow(m.name(), m.certificateSerial(), current ? seen.notAfter() : null,
                    current ? RenewalPolicy.dueAt(seen.notBefore(), seen.notAfter()) : null, current ? seen.issuerPin() : null);
        }).toList();
        CertificateAuthority ca = cas.current();
        List<CaStatus.CaInfo> infos = new ArrayList<>();
        infos.add(info("current", ca, rows));
        cas.next().ifPresent(next -> infos.add(info("new", next, rows)));
        return new CaStatus(ca.certificate().getSubjectX500Principal().getName(), ca.pin(), ca.certificate().getNotAfter().toInstant(),
                leafValidity(), CertificateAuthority.serialOf(own), own.getNotAfter().toInstant(), f.denyListVersion(),
                f.revokedHub().stream().map(CertificatesFile.RevokedHubCertificate::serial).toList(), rows, infos);
    }

    private static CaStatus.CaInfo info(String role, CertificateAuthority ca, List<CaStatus.MachineRow> rows) {
        int on = (int) rows.stream().filter(r -> ca.pin().equals(r.caPin())).count();
        return new CaStatus.CaInfo(role, ca.certificate().getSubjectX500Principal().getName(), ca.pin(),
                ca.certificate().getNotAfter().toInstant(), on);
    }

    /**
     * Starts a CA rotation: a new CA is made ({@code ca/next.*}) and every machine that answers is told to trust it as
     * well as the current one (a set signed by the current CA). From then on the hub accepts agent certificates from
     * both, renews each machine's certificate under the new CA at its next contact (upkeep, {@code machines renew}),
     * and keeps its own certificates, enrollment and tokens on the current CA until {@link #finishRotation}.
     *
     * @throws MeshcpException CONFLICT when a rotation is already under way
     */
    public List<FanOut.Each<Boolean>> rotate() {
        audit.requireWritable();
        CertificateAuthority next = CertificateAuthority.createNext(paths, clock, new java.security.SecureRandom());
        audit.record("ca rotate", null, Map.of("new_ca_pin", next.pin()));
        return forEachMachine(this::moveToNewCa);
    }

    /**
     * Finishes the rotation: the new CA becomes the CA (the old key is deleted), the hub's client certificate is issued
     * again under it, and every machine that answers is told to trust the new CA alone. Refused while a machine's
     * certificate is still from the old CA, unless force (such machines must enroll again).
     * Running {@code serve} and desktop processes keep the old enrollment certificate until restarted, and refuse to
     * make tokens or enroll until then ({@link CertificateAuthority#requireCurrent}); tokens made before carry the old
     * CA's pin and no longer enroll.
     *
     * @throws MeshcpException CONFLICT when no rotation is under way, or (without force) when machines are not moved
     */
    public List<FanOut.Each<Boolean>> finishRotation(boolean force) {
        CertificateAuthority next = cas.next().orElseThrow(() -> new MeshcpException(MeshcpException.Kind.CONFLICT,
                "no CA rotation is under way: start one with 'ca rotate'"));
        audit.requireWritable();
        forEachMachine(this::moveToNewCa);
        List<String> behind = status().machines().stream().filter(r -> !next.pin().equals(r.caPin()))
                .map(CaStatus.MachineRow::name).toList();
        if (!behind.isEmpty() && !force) {
            throw new MeshcpException(MeshcpException.Kind.CONFLICT, "not finished: " + String.join(", ", behind)
                    + (behind.size() == 1 ? " still has a certificate" : " still have certificates") + " from the old CA; bring "
                    + (behind.size() == 1 ? "it" : "them") + " online and run 'machines renew --all', or finish with --force "
                    + "(those machines must then enroll again)");
        }
        CertificateAuthority.promoteNext(paths);
        Credential fresh = HubCredentials.reissueOrchestratorClient(paths, cas.current());
        client.set(fresh);
        lastClientSerial = CertificateAuthority.serialOf(fresh.certificate());
        registry.list().forEach(m -> channels.get().retire(m.name()));
        audit.record("ca rotate --finish", null, Map.of("ca_pin", cas.current().pin(), "left_behind", behind));
        return forEachMachine(this::trustCurrentOnly);
    }

    /** During a rotation: the machine trusts both CAs, then its certificate comes from the new one. */
    private boolean moveToNewCa(Machine machine) {
        Optional<CertificateAuthority> next = cas.next();
        if (next.isEmpty()) {
            return false;
        }
        CertificateState state = certificateState(machine);
        if (!state.getTrustedCaPinsList().contains(next.get().pin())) {
            CertificateAuthority current = cas.current();
            pushTrust(machine, List.of(current.certificate(), next.get().certificate()), current);
        }
        if (!state.getCaSha256Pin().equals(next.get().pin())) {
            renew(machine.name(), true);
        }
        return true;
    }

    /** After a rotation: a machine that still trusts another CA is told to trust the current one alone. */
    private boolean trustCurrentOnly(Machine machine) {
        CertificateAuthority current = cas.current();
        CertificateState state = certificateState(machine);
        if (state.getTrustedCaPinsList().equals(List.of(current.pin()))) {
            return false;
        }
        pushTrust(machine, List.of(current.certificate()), current);
        return true;
    }

    private void pushTrust(Machine machine, List<X509Certificate> trusted, CertificateAuthority signer) {
        var set = fr.interrupt.meshcp.proto.agent.v1.TrustedCas.newBuilder()
                .addAllCaPems(trusted.stream().map(Pem::encode).toList())
                .setIssuedAtMillis(Math.max(clock.millis(), System.currentTimeMillis()))
                .build();
        var stub = stub(machine);
        CertificateState after = call(machine, () -> stub.pushTrustedCas(signer.sign(set)));
        recordSeen(machine, after);
    }

    private List<FanOut.Each<Boolean>> forEachMachine(java.util.function.Function<Machine, Boolean> work) {
        return new FanOut(calls, PARALLELISM).map(registry.list(), m -> {
            try {
                return new FanOut.Each<>(m.name(), work.apply(m), null);
            } catch (MeshcpException e) {
                return new FanOut.Each<Boolean>(m.name(), null, e);
            }
        }, m -> new FanOut.Each<Boolean>(m.name(), null, new MeshcpException(MeshcpException.Kind.UNREACHABLE,
                "machine \"" + m.name() + "\" did not answer in time")), CALL_DEADLINE.multipliedBy(4));
    }

    /**
     * Machine name's certificate as its agent reports it now; when the agent does not answer (or cannot say: an agent
     * without renewal), as it last reported it, if ever.
     *
     * @throws MeshcpException NOT_FOUND for an unknown machine
     */
    public Optional<CertificatesFile.MachineCertificate> currentCertificate(String name) {
        Machine machine = registry.require(name);
        try {
            certificateState(machine);
        } catch (MeshcpException e) {
            LOG.debug("certificate of {} not asked: {}", name, e.getMessage());
        }
        return certificateOf(name);
    }

    /** When the CA certificate expires. */
    public Instant caNotAfter() {
        return cas.current().certificate().getNotAfter().toInstant();
    }

    /** The CAs whose agent certificates the hub accepts when it dials: one, or two during a rotation. */
    public List<X509Certificate> trustedCas() {
        return cas.trusted();
    }

    /** Machine name's certificate as its agent last reported it, when the hub has asked since enrollment. */
    public Optional<CertificatesFile.MachineCertificate> certificateOf(String name) {
        return Optional.ofNullable(file.read().machines().get(name));
    }

    private CertificateState certificateState(Machine machine) {
        var stub = stub(machine);
        CertificateState state = call(machine, () -> stub.getCertificateState(CertificateStateRequest.getDefaultInstance()));
        recordSeen(machine, state);
        return state;
    }

    private void recordSeen(Machine machine, CertificateState state) {
        CertificatesFile.MachineCertificate known = file.read().machines().get(machine.name());
        if (known == null || !known.serial().equals(state.getSerial()) || !state.getCaSha256Pin().equals(known.issuerPin())
                || !state.getTrustedCaPinsList().equals(known.trustedPins())) {
            file.update(f -> {
                Map<String, CertificatesFile.MachineCertificate> machines = new HashMap<>(f.machines());
                machines.put(machine.name(), seen(state));
                return new CertificatesFile(1, f.leafValidityDays(), f.denyListVersion(), f.denyListIssuedAt(), f.revokedHub(),
                        f.renewing(), machines);
            });
        }
    }

    private CertificatesFile.MachineCertificate seen(CertificateState state) {
        return new CertificatesFile.MachineCertificate(state.getSerial(), Instant.ofEpochMilli(state.getNotBeforeMillis()),
                Instant.ofEpochMilli(state.getNotAfterMillis()), clock.instant(), state.getCaSha256Pin(), state.getTrustedCaPinsList());
    }

    private static CertificatesFile withRenewing(CertificatesFile f, String name, CertificatesFile.Renewal renewal) {
        Map<String, CertificatesFile.Renewal> renewing = new HashMap<>(f.renewing());
        renewing.put(name, renewal);
        return new CertificatesFile(1, f.leafValidityDays(), f.denyListVersion(), f.denyListIssuedAt(), f.revokedHub(), renewing,
                f.machines());
    }

    private AgentCertificatesGrpc.AgentCertificatesBlockingStub stub(Machine machine) {
        return AgentCertificatesGrpc.newBlockingStub(channels.get().channel(machine))
                .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static <T> T call(Machine machine, Supplier<T> rpc) {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                throw new MeshcpException(MeshcpException.Kind.REFUSED, "machine \"" + machine.name() + "\" runs meshcp-agent "
                        + (machine.agentVersion() == null ? "" : machine.agentVersion() + " ")
                        + "without certificate renewal: update the agent to renew its certificate");
            }
            throw AgentErrors.translate(e, machine);
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        calls.shutdownNow();
    }
}
