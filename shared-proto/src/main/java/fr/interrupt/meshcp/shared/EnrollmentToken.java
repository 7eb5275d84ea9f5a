package fr.interrupt.meshcp.shared;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A self-contained enrollment token: {@code meshcp1.<id>.<secret>.<ca-pin>}.
 * The id names the token in listings, the secret proves possession (only its SHA-256 is kept by the hub),
 * and the CA pin (SHA-256 of the CA's public key) lets a new machine trust the hub without trust-on-first-use.
 */
public record EnrollmentToken(String id, String secret, String caPin) {
    public static final String PREFIX = "meshcp1";
    private static final Pattern ID = Pattern.compile("^[a-z0-9]{12}$");
    private static final Pattern B64URL_256 = Pattern.compile("^[A-Za-z0-9_-]{43}$");
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    public EnrollmentToken {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("malformed token id");
        }
        if (secret == null || !B64URL_256.matcher(secret).matches()) {
            throw new IllegalArgumentException("malformed token secret");
        }
        if (caPin == null || !B64URL_256.matcher(caPin).matches()) {
            throw new IllegalArgumentException("malformed CA pin");
        }
    }

    /** A fresh token: 12-character id, 256-bit secret. */
    public static EnrollmentToken generate(SecureRandom random, String caPin) {
        StringBuilder id = new StringBuilder(12);
        for (int i = 0; i < 12; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return new EnrollmentToken(id.toString(), Base64.getUrlEncoder().withoutPadding().encodeToString(secret), caPin);
    }

    public String encode() {
        return PREFIX + "." + id + "." + secret + "." + caPin;
    }

    /** Parses a token as printed by {@code token create}; the message never echoes the input. */
    public static EnrollmentToken parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split("\\.", -1);
        if (parts.length != 4 || !PREFIX.equals(parts[0])) {
            throw new IllegalArgumentException(
                    "malformed token: expected the whole string printed by 'token create' (meshcp1.<id>.<secret>.<pin>)");
        }
        try {
            return new EnrollmentToken(parts[1], parts[2], parts[3]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage()
                    + ": expected the whole string printed by 'token create' (meshcp1.<id>.<secret>.<pin>)");
        }
    }

    /** The SHA-256 of the secret, as the hub stores it (base64url). */
    public static String hashSecret(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "EnrollmentToken[id=" + id + ", secret=<redacted>, caPin=" + caPin + "]";
    }
}
