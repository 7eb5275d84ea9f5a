package fr.interrupt.meshcp.shared.tls;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import fr.interrupt.meshcp.proto.agent.v1.SignedTrustedCas;
import fr.interrupt.meshcp.proto.agent.v1.TrustedCas;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The set of CAs an agent trusts, signed by a CA it already trusts (SHA256withECDSA over the serialized
 * {@link TrustedCas}): a stolen hub client key cannot make an agent trust a CA of its own.
 */
public final class TrustedCaSignature {
    private TrustedCaSignature() {
    }

    /** Signs set with signer's key; signer is named by its pin. */
    public static SignedTrustedCas sign(TrustedCas set, X509Certificate signer, PrivateKey signerKey) {
        byte[] bytes = set.toByteArray();
        try {
            Signature s = Signature.getInstance(KeyPairs.SIGNATURE_ALGORITHM);
            s.initSign(signerKey);
            s.update(bytes);
            return SignedTrustedCas.newBuilder().setTrustedCas(ByteString.copyFrom(bytes)).setSignature(ByteString.copyFrom(s.sign()))
                    .setSignerPin(CaPin.of(signer)).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the trusted CAs", e);
        }
    }

    /**
     * The set inside signed when it is signed by one of trusted (found by its pin).
     *
     * @throws GeneralSecurityException when no trusted CA has the signer's pin, the signature does not verify, or
     *                                  the set does not parse
     */
    public static TrustedCas verify(SignedTrustedCas signed, List<X509Certificate> trusted) throws GeneralSecurityException {
        X509Certificate signer = trusted.stream().filter(ca -> CaPin.of(ca).equals(signed.getSignerPin())).findFirst()
                .orElseThrow(() -> new GeneralSecurityException("the trusted CAs are not signed by a CA this agent trusts"));
        Signature s = Signature.getInstance(KeyPairs.SIGNATURE_ALGORITHM);
        s.initVerify(signer.getPublicKey());
        s.update(signed.getTrustedCas().toByteArray());
        if (!s.verify(signed.getSignature().toByteArray())) {
            throw new GeneralSecurityException("the trusted CAs are not signed by a CA this agent trusts");
        }
        try {
            return TrustedCas.parseFrom(signed.getTrustedCas());
        } catch (InvalidProtocolBufferException e) {
            throw new GeneralSecurityException("the trusted CAs cannot be read", e);
        }
    }
}
