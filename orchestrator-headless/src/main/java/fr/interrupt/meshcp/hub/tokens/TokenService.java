package fr.interrupt.meshcp.hub.tokens;

import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.audit.AuditLog;
import fr.interrupt.meshcp.hub.pki.CertificateAuthority;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.hub.state.GroupCommit;
import fr.interrupt.meshcp.hub.state.JsonStateFile;
import fr.interrupt.meshcp.shared.EnrollmentToken;
import fr.interrupt.meshcp.shared.MachineName;
import fr.interrupt.meshcp.shared.text.Durations;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates, lists, revokes and consumes single-use enrollment tokens stored in tokens.json. Issuing and revoking
 * write their own audit.log line ("token-create", "token-revoke"), so no face has to remember to.
 */
public final class TokenService {
    public static final Duration MIN_TTL = Duration.ofMinutes(1);
    public static final Duration MAX_TTL = Duration.ofDays(30);
    /** Used, expired and revoked tokens are kept this long for `token list`, then pruned. */
    private static final Duration KEEP_FINISHED = Duration.ofDays(7);

    private final JsonStateFile<TokenFile> file;
    /** Enrollments arriving together spend their tokens in one tokens.json write (group commit). */
    private final GroupCommit<TokenFile> consumptions;
    private final CertificateAuthority ca;
    private final MachineRegistry registry;
    private final Clock clock;
    private final SecureRandom random;
    private final AuditLog audit;

    public TokenService(JsonStateFile<TokenFile> file, CertificateAuthority ca, MachineRegistry registry,
                        Clock clock, SecureRandom random, AuditLog audit) {
        this.file = file;
        this.consumptions = new GroupCommit<>(file);
        this.audit = audit;
        this.ca = ca;
        this.registry = registry;
        this.clock = clock;
        this.random = random;
    }

    /**
     * Issues a token bound to {@code machineName}, valid for {@code ttl} ({@link #MIN_TTL} to {@link #MAX_TTL}),
     * and audits it. The secret is returned once here and only its hash is stored.
     *
     * @throws MeshcpException INVALID_INPUT for a bad name or TTL, CONFLICT if the name is already enrolled or if the
     *     hub's CA was replaced after this process loaded it ({@link CertificateAuthority#requireCurrent})
     */
    public IssuedToken create(String machineName, Duration ttl) {
        try {
            MachineName.require(machineName);
        } catch (IllegalArgumentException e) {
            throw MeshcpException.invalidInput(e);
        }
        if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT,
                    "token TTL must be between 1m and 30d, got " + Durations.coarse(ttl));
        }
        if (registry.find(machineName).isPresent()) {
            throw new MeshcpException(MeshcpException.Kind.CONFLICT, "machine \"" + machineName
                    + "\" is already enrolled; remove it first (machines remove " + machineName + ") to enroll it again");
        }
        audit.requireWritable();
        ca.requireCurrent();
        EnrollmentToken token = EnrollmentToken.generate(random, ca.pin());
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttl);
        TokenRecord record = new TokenRecord(token.id(), machineName, EnrollmentToken.hashSecret(token.secret()),
                now, expiresAt, null, null);
        file.update(current -> {
            List<TokenRecord> next = pruned(current.tokens(), now);
            next.add(record);
            return new TokenFile(1, next);
        });
        audit.record("token-create", machineName, Map.of("token", token.id(), "expires", expiresAt.toString()));
        return new IssuedToken(token, machineName, expiresAt);
    }

    /** All tokens, newest first; never secrets. */
    public List<TokenRecord> list() {
        List<TokenRecord> all = new ArrayList<>(file.read().tokens());
        all.sort(Comparator.comparing(TokenRecord::createdAt).reversed());
        return all;
    }

    /**
     * Revokes a token given by its id or by the whole token string ({@code meshcp1.ID.SECRET.PIN}, only its id is
     * used and the secret is never repeated), and audits it. Idempotent: a token already revoked or expired is left
     * as it is and reported as such.
     *
     * @throws MeshcpException NOT_FOUND for an unknown id, CONFLICT if the token was used (the machine it enrolled
     *                         must be removed instead)
     */
    public TokenRevocation revoke(String idOrToken) {
        String id = idOf(idOrToken);
        Instant now = clock.instant();
        TokenState[] before = new TokenState[1];
        TokenFile written = file.update(current -> {
            List<TokenRecord> next = new ArrayList<>();
            for (TokenRecord t : current.tokens()) {
                if (t.id().equals(id)) {
                    before[0] = t.state(now);
                    if (before[0] == TokenState.USED) {
                        throw new MeshcpException(MeshcpException.Kind.CONFLICT, "token " + id + " was already used: it "
                                + "enrolled machine \"" + t.machineName() + "\"; remove that machine to cut it off");
                    }
                    next.add(before[0] == TokenState.PENDING ? t.revoked(now) : t);
                } else {
                    next.add(t);
                }
            }
            if (before[0] == null) {
                throw new MeshcpException(MeshcpException.Kind.NOT_FOUND,
                        "unknown token \"" + id + "\"; see the ids with: token list");
            }
            return new TokenFile(1, next);
        });
        TokenRecord token = written.tokens().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
        if (before[0] == TokenState.PENDING) {
            audit.record("token-revoke", token.machineName(), Map.of("token", id));
        }
        return new TokenRevocation(token, before[0]);
    }

    /** The id in {@code idOrToken}: itself, or the id part of a whole token string. */
    static String idOf(String idOrToken) {
        String text = idOrToken == null ? "" : idOrToken.strip();
        if (!text.startsWith(EnrollmentToken.PREFIX + ".")) {
            return text;
        }
        try {
            return EnrollmentToken.parse(text).id();
        } catch (IllegalArgumentException e) {
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT,
                    "that is not a whole token (" + EnrollmentToken.PREFIX + ".ID.SECRET.PIN); give the token id instead");
        }
    }

    /**
     * Atomically marks the token used if the secret is right and the token is still pending, for a
     * machine of that name. Under concurrency exactly one caller wins. Returns the bound machine name.
     */
    public String consume(String id, String secret, String requestedName) {
        Instant now = clock.instant();
        String[] boundName = new String[1];
        consumptions.update(current -> {
            List<TokenRecord> next = new ArrayList<>();
            TokenRecord match = null;
            for (TokenRecord t : current.tokens()) {
                if (t.id().equals(id)) {
                    match = t;
                } else {
                    next.add(t);
                }
            }
            if (match == null || secret == null || !secretMatches(match, secret)) {
                throw EnrollmentRefusedException.invalidToken();
            }
            switch (match.state(now)) {
                case REVOKED:
                    throw EnrollmentRefusedException.because("token revoked");
                case USED:
                    throw EnrollmentRefusedException.because("token already used");
                case EXPIRED:
                    throw EnrollmentRefusedException.because("token expired");
                default:
                    break;
            }
            if (requestedName != null && !requestedName.isEmpty() && !requestedName.equals(match.machineName())) {
                throw EnrollmentRefusedException.because("token is bound to machine \"" + match.machineName() + "\"");
            }
            if (registry.find(match.machineName()).isPresent()) {
                throw EnrollmentRefusedException.because("machine \"" + match.machineName()
                        + "\" is already enrolled; remove it on the hub first");
            }
            // other pending tokens for this name would enroll an impostor once the machine is removed later
            List<TokenRecord> written = new ArrayList<>();
            for (TokenRecord t : next) {
                boolean sibling = t.machineName().equals(match.machineName()) && t.state(now) == TokenState.PENDING;
                written.add(sibling ? t.revoked(now) : t);
            }
            written.add(match.used(now));
            boundName[0] = match.machineName();
            return new TokenFile(1, written);
        });
        return boundName[0];
    }

    /** Whether {@code secret} is the secret of token {@code id}, whatever its state; constant-time comparison. */
    public boolean isGenuine(String id, String secret) {
        return find(id).map(record -> secretMatches(record, secret)).orElse(false);
    }

    public Optional<TokenRecord> find(String id) {
        return file.read().tokens().stream().filter(t -> t.id().equals(id)).findFirst();
    }

    private static boolean secretMatches(TokenRecord record, String secret) {
        byte[] expected = record.secretSha256().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] actual = EnrollmentToken.hashSecret(secret).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }

    private static List<TokenRecord> pruned(List<TokenRecord> tokens, Instant now) {
        List<TokenRecord> kept = new ArrayList<>();
        for (TokenRecord t : tokens) {
            Instant finished = t.usedAt() != null ? t.usedAt() : t.revokedAt() != null ? t.revokedAt() : t.expiresAt();
            if (t.state(now) == TokenState.PENDING || finished.plus(KEEP_FINISHED).isAfter(now)) {
                kept.add(t);
            }
        }
        return kept;
    }
}
