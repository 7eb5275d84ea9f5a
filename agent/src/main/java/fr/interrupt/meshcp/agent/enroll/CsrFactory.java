package fr.interrupt.meshcp.agent.enroll;

import fr.interrupt.meshcp.shared.tls.KeyPairs;
import fr.interrupt.meshcp.shared.tls.Pem;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;

/**
 * A PKCS#10 request (RFC 2986) for the agent's own P-256 key: only the public key and a common name leave the machine.
 *
 * <p>Written with the JDK alone, because {@code meshcp-agent start} runs without BouncyCastle on its class path (with
 * it there, netty loads its whole provider at the first TLS context: about 600 classes and 25 MiB of RSS), and renewal
 * makes requests while serving. The request has one fixed shape, so its DER is spelled out here (X.690): version 0,
 * subject {@code CN=name} as a UTF8String, the key's SubjectPublicKeyInfo as the JDK encodes it, no attributes, signed
 * with ecdsa-with-SHA256 (RFC 5758 section 3.2: the algorithm identifier has no parameters).
 */
public final class CsrFactory {
    private static final byte[] CN_OID = {0x06, 0x03, 0x55, 0x04, 0x03};
    private static final byte[] ECDSA_WITH_SHA256_OID = {0x06, 0x08, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x04, 0x03, 0x02};

    private CsrFactory() {
    }

    /**
     * The PEM ("CERTIFICATE REQUEST") of a request for keyPair's public key with subject {@code CN=commonName}.
     *
     * @throws IllegalStateException when the JDK cannot sign with the key (not an EC key)
     */
    public static String csrPem(KeyPair keyPair, String commonName) {
        byte[] subject = sequence(set(sequence(CN_OID, tlv(0x0C, commonName.getBytes(StandardCharsets.UTF_8)))));
        byte[] info = sequence(tlv(0x02, new byte[] {0}), subject, keyPair.getPublic().getEncoded(), tlv(0xA0, new byte[0]));
        try {
            Signature signer = Signature.getInstance(KeyPairs.SIGNATURE_ALGORITHM);
            signer.initSign(keyPair.getPrivate());
            signer.update(info);
            byte[] signature = signer.sign();
            byte[] bits = new byte[signature.length + 1];
            System.arraycopy(signature, 0, bits, 1, signature.length);
            return Pem.encodeCsr(sequence(info, sequence(ECDSA_WITH_SHA256_OID), tlv(0x03, bits)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the certificate request: " + e.getMessage(), e);
        }
    }

    private static byte[] sequence(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    private static byte[] set(byte[]... parts) {
        return tlv(0x31, concat(parts));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Tag, definite length (short form below 128, else long form), value. */
    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = value.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length < 0x100 ? 1 : length < 0x10000 ? 2 : 3;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
