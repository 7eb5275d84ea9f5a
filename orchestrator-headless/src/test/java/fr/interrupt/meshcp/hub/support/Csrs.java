package fr.interrupt.meshcp.hub.support;

import fr.interrupt.meshcp.shared.tls.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Certificate signing requests as an agent (or an attacker) would build them. */
public final class Csrs {
    private Csrs() {
    }

    /** A plain CSR for a P-256 key, as the real agent sends it. */
    public static String forKey(KeyPair pair, String commonName) {
        return build(builder(pair.getPublic(), commonName), pair.getPrivate(), "SHA256withECDSA");
    }

    /**
     * A CSR that asks for everything it must not get: CA:true, keyCertSign, clientAuth, a SAN for
     * another host and the orchestrator's URI.
     */
    public static String askingForTooMuch(KeyPair pair, String commonName) {
        try {
            ExtensionsGenerator requested = new ExtensionsGenerator();
            requested.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            requested.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign
                    | KeyUsage.digitalSignature));
            requested.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_codeSigning}));
            requested.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "evil.example.com"),
                new GeneralName(GeneralName.dNSName, "other-machine"),
                new GeneralName(GeneralName.uniformResourceIdentifier, "meshcp://orchestrator"),
                new GeneralName(GeneralName.uniformResourceIdentifier, "meshcp://agent/other-machine"),
                new GeneralName(GeneralName.iPAddress, "10.0.0.1")}));
            PKCS10CertificationRequestBuilder builder = builder(pair.getPublic(), commonName)
                    .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, requested.generate());
            return build(builder, pair.getPrivate(), "SHA256withECDSA");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CSR carrying {@code subject}'s public key but signed by another key: no proof of possession. */
    public static String signedByAnotherKey(KeyPair subject, KeyPair signer, String commonName) {
        return build(builder(subject.getPublic(), commonName), signer.getPrivate(), "SHA256withECDSA");
    }

    public static String rsa(String commonName) {
        KeyPair pair = generate("RSA", null, 2048);
        return build(builder(pair.getPublic(), commonName), pair.getPrivate(), "SHA256withRSA");
    }

    public static String p384(String commonName) {
        KeyPair pair = generate("EC", "secp384r1", 0);
        return build(builder(pair.getPublic(), commonName), pair.getPrivate(), "SHA384withECDSA");
    }

    private static KeyPair generate(String algorithm, String curve, int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (curve != null) {
                generator.initialize(new ECGenParameterSpec(curve));
            } else {
                generator.initialize(bits);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PKCS10CertificationRequestBuilder builder(PublicKey key, String commonName) {
        return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + commonName), key);
    }

    private static String build(PKCS10CertificationRequestBuilder builder, PrivateKey signer, String algorithm) {
        try {
            return Pem.encode(builder.build(new JcaContentSignerBuilder(algorithm).build(signer)));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }
}
