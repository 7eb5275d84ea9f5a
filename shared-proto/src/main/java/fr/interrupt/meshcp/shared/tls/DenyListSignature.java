package fr.interrupt.meshcp.shared.tls;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import fr.interrupt.meshcp.proto.agent.v1.DenyList;
import fr.interrupt.meshcp.proto.agent.v1.SignedDenyList;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;

/**
 * The hub deny list as the CA signs it and agents check it: SHA256withECDSA by the CA key over the serialized
 * {@link DenyList}. A stolen orchestrator client key cannot make one, so the certificate it would revoke cannot
 * push an empty list first.
 */
public final class DenyListSignature {
    private DenyListSignature() {
    }

    /** Signs list with the CA's private key. */
    public static SignedDenyList sign(DenyList list, PrivateKey caKey) {
        byte[] bytes = list.toByteArray();
        try {
            Signature signer = Signature.getInstance(KeyPairs.SIGNATURE_ALGORITHM);
            signer.initSign(caKey);
            signer.update(bytes);
            return SignedDenyList.newBuilder().setDenyList(ByteString.copyFrom(bytes))
                    .setSignature(ByteString.copyFrom(signer.sign())).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the deny list", e);
        }
    }

    /**
     * The list inside signed, when its signature verifies under one of cas (two during a CA rotation).
     *
     * @throws GeneralSecurityException when it verifies under none or the list does not parse
     */
    public static DenyList verify(SignedDenyList signed, java.util.List<X509Certificate> cas) throws GeneralSecurityException {
        GeneralSecurityException last = new GeneralSecurityException("the deny list is not signed by this CA");
        for (X509Certificate ca : cas) {
            try {
                return verify(signed, ca);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }

    /**
     * The list inside signed, when its signature verifies under ca's public key.
     *
     * @throws GeneralSecurityException when the signature does not verify or the list does not parse
     */
    public static DenyList verify(SignedDenyList signed, X509Certificate ca) throws GeneralSecurityException {
        Signature verifier = Signature.getInstance(KeyPairs.SIGNATURE_ALGORITHM);
        verifier.initVerify(ca.getPublicKey());
        verifier.update(signed.getDenyList().toByteArray());
        if (!verifier.verify(signed.getSignature().toByteArray())) {
            throw new GeneralSecurityException("the deny list is not signed by this CA");
        }
        try {
            return DenyList.parseFrom(signed.getDenyList());
        } catch (InvalidProtocolBufferException e) {
            throw new GeneralSecurityException("the deny list cannot be read", e);
        }
    }
}
