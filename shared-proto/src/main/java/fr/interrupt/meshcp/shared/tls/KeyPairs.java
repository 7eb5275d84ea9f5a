package fr.interrupt.meshcp.shared.tls;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** ECDSA P-256 keys, the only key type meshcp issues. */
public final class KeyPairs {
    public static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

    private KeyPairs() {
    }

    public static KeyPair generateP256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an ECDSA P-256 key", e);
        }
    }
}
