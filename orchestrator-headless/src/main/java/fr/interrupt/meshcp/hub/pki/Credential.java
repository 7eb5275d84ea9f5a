package fr.interrupt.meshcp.hub.pki;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.crypto.spec.PBEParameterSpec;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/** A private key with its certificate chain (leaf first, then the CA). */
public record Credential(PrivateKey key, X509Certificate certificate, X509Certificate ca) {
    /**
     * How the key is wrapped inside the in-memory key store that feeds the key manager. That store is never written
     * anywhere and its password is empty, so the wrapping protects nothing: one PBKDF2 iteration instead of the
     * JDK's default 10,000 (JDK 17 {@code keystore.pkcs12.keyPbeIterationCount}), which cost a one-shot command
     * (C1 only) about a tenth of its CPU, once to wrap and once more to unwrap.
     */
    private static final String IN_MEMORY_PROTECTION = "PBEWithHmacSHA256AndAES_256";
    private static final int IN_MEMORY_ITERATIONS = 1;

    public X509Certificate[] chain() {
        return new X509Certificate[] {certificate, ca};
    }

    public KeyManager[] keyManagers() {
        return keyManagerFactory().getKeyManagers();
    }

    /**
     * A key manager factory holding this key and chain (the JDK's default algorithm, SunX509).
     *
     * @throws IllegalStateException when the JDK refuses the key (no PKCS12 or PBES2 support)
     */
    public KeyManagerFactory keyManagerFactory() {
        try {
            char[] password = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setEntry("meshcp", new KeyStore.PrivateKeyEntry(key, chain()), new KeyStore.PasswordProtection(password,
                    IN_MEMORY_PROTECTION, new PBEParameterSpec(new byte[16], IN_MEMORY_ITERATIONS)));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return factory;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot load the hub's key into a key manager", e);
        }
    }
}
