package fr.interrupt.meshcp.hub.pki;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/** A private key with its certificate chain (leaf first, then the CA). */
public record Credential(PrivateKey key, X509Certificate certificate, X509Certificate ca) {

    public X509Certificate[] chain() {
        return new X509Certificate[] {certificate, ca};
    }

    public KeyManager[] keyManagers() {
        return keyManagerFactory().getKeyManagers();
    }

    public KeyManagerFactory keyManagerFactory() {
        try {
            char[] password = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("meshcp", key, password, chain());
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return factory;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot load the hub's key into a key manager", e);
        }
    }
}
