package fr.interrupt.meshcp.agent.creds;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The agent's TLS identity as the server presents it: one key and certificate, replaced whole by
 * {@link #replace} when a renewed certificate is installed. Each new handshake reads the current pair;
 * connections already open keep the session they made.
 */
public final class LiveCredentials extends X509ExtendedKeyManager {
    private static final String ALIAS_PREFIX = "agent-";

    /** Each pair under its own alias, so a handshake never mixes one pair's key with the other's certificate. */
    private record Generation(long number, AgentCredentials credentials, Generation previous) {
        String alias() {
            return ALIAS_PREFIX + number;
        }

        AgentCredentials find(String alias) {
            if (alias().equals(alias)) {
                return credentials;
            }
            return previous != null && previous.alias().equals(alias) ? previous.credentials : null;
        }
    }

    private final AtomicReference<Generation> current;

    public LiveCredentials(AgentCredentials initial) {
        this.current = new AtomicReference<>(new Generation(0, initial, null));
    }

    /** The credentials new handshakes use. */
    public AgentCredentials current() {
        return current.get().credentials();
    }

    /** From now on, new handshakes present next (a handshake already choosing the previous pair still finds it). */
    public void replace(AgentCredentials next) {
        current.updateAndGet(g -> new Generation(g.number() + 1, next, new Generation(g.number(), g.credentials(), null)));
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return current.get().alias();
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return current.get().alias();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return new String[] {current.get().alias()};
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return new String[0];
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        AgentCredentials pair = current.get().find(alias);
        return pair == null ? null : new X509Certificate[] {pair.certificate(), pair.ca()};
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        AgentCredentials pair = current.get().find(alias);
        return pair == null ? null : pair.key();
    }
}
