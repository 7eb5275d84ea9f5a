package fr.interrupt.meshcp.hub.service;

import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.fleet.AgentIdentityException;
import fr.interrupt.meshcp.hub.registry.Machine;
import io.grpc.Status;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;

/**
 * The one place where a failed agent call becomes a sentence a person can act on.
 * Java's "PKIX path building failed" or "io exception" never reaches a user.
 */
public final class AgentErrors {
    private AgentErrors() {
    }

    public static MeshcpException translate(Throwable failure, Machine machine) {
        Status status = Status.fromThrowable(failure);
        String who = "machine \"" + machine.name() + "\" (" + machine.address() + ")";
        switch (status.getCode()) {
            case PERMISSION_DENIED:
            case UNAUTHENTICATED:
                return new MeshcpException(MeshcpException.Kind.REFUSED, machine.name() + ": " + describe(status, "refused"));
            case INVALID_ARGUMENT:
            case OUT_OF_RANGE:
                return new MeshcpException(MeshcpException.Kind.INVALID_INPUT, machine.name() + ": " + describe(status, "invalid request"));
            case NOT_FOUND:
                return new MeshcpException(MeshcpException.Kind.NOT_FOUND, machine.name() + ": " + describe(status, "not found"));
            case FAILED_PRECONDITION:
            case RESOURCE_EXHAUSTED:
            case ALREADY_EXISTS:
            case ABORTED:
                return new MeshcpException(MeshcpException.Kind.REFUSED, machine.name() + ": " + describe(status, "refused"));
            case DEADLINE_EXCEEDED:
                return new MeshcpException(MeshcpException.Kind.UNREACHABLE, who + " did not answer in time: check that port "
                        + machine.port() + " is reachable and that meshcp-agent is running");
            case CANCELLED:
                return new MeshcpException(MeshcpException.Kind.CANCELLED, "the call to " + who + " was cancelled");
            case UNAVAILABLE:
                return unavailable(status, machine, who);
            case UNKNOWN:
                // gRPC's own words for an exception the agent did not handle ("Application error processing RPC")
                // tell a person nothing; the agent logged it with its stack trace
                return new MeshcpException(MeshcpException.Kind.UNREACHABLE, who + " failed while handling this request: "
                        + "its log says why (journalctl -u meshcp-agent, or the terminal running 'meshcp-agent start')");
            default:
                return new MeshcpException(MeshcpException.Kind.UNREACHABLE, who + " failed: " + describe(status, status.getCode().name()));
        }
    }

    private static MeshcpException unavailable(Status status, Machine machine, String who) {
        AgentIdentityException identity = find(status.getCause(), AgentIdentityException.class);
        if (identity != null) {
            return new MeshcpException(MeshcpException.Kind.REFUSED, who + " is not who it should be: " + identity.getMessage()
                    + ". Another machine may be using this address; re-enroll it with a fresh token if it was reinstalled");
        }
        if (find(status.getCause(), java.security.cert.CertificateExpiredException.class) != null
                || find(status.getCause(), java.security.cert.CertificateNotYetValidException.class) != null) {
            return new MeshcpException(MeshcpException.Kind.REFUSED, who + " presents a certificate that is expired or not yet "
                    + "valid: check both machines' clocks, or re-enroll it with a fresh token");
        }
        CertificateException certificate = find(status.getCause(), CertificateException.class);
        if (certificate != null) {
            return new MeshcpException(MeshcpException.Kind.REFUSED, who + " presents a certificate from another CA "
                    + "(certificate signed by unknown authority): re-enroll it with a fresh token from this hub");
        }
        SSLException ssl = find(status.getCause(), SSLException.class);
        if (ssl != null) {
            return new MeshcpException(MeshcpException.Kind.REFUSED, who + " refused this hub's certificate (it was probably "
                    + "enrolled with another hub's CA): re-enroll it with a fresh token from this hub");
        }
        if (find(status.getCause(), ConnectException.class) != null) {
            return new MeshcpException(MeshcpException.Kind.UNREACHABLE, who + " is unreachable: connection refused "
                    + "(is meshcp-agent running there?)");
        }
        if (find(status.getCause(), NoRouteToHostException.class) != null || find(status.getCause(), UnknownHostException.class) != null) {
            return new MeshcpException(MeshcpException.Kind.UNREACHABLE, who + " is unreachable: no route to host");
        }
        String detail = status.getDescription() == null ? "" : ": " + status.getDescription();
        if (detail.toLowerCase(java.util.Locale.ROOT).contains("timed out")) {
            return new MeshcpException(MeshcpException.Kind.UNREACHABLE, who + " is unreachable: connection timed out (check that port "
                    + machine.port() + " is reachable, e.g. over your VPN)");
        }
        return new MeshcpException(MeshcpException.Kind.UNREACHABLE, who + " is unreachable" + detail);
    }

    private static String describe(Status status, String fallback) {
        return status.getDescription() == null || status.getDescription().isBlank() ? fallback : status.getDescription();
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
