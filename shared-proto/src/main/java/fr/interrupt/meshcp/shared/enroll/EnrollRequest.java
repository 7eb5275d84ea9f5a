package fr.interrupt.meshcp.shared.enroll;

/**
 * What an agent posts to {@code POST /v1/enroll}: the token's id and secret, a PEM CSR for its own key,
 * and facts about the machine. {@code advertiseHost} is empty when the agent listens on a wildcard
 * address; the hub then records the address the request came from.
 */
public record EnrollRequest(
        String tokenId,
        String tokenSecret,
        String name,
        String csrPem,
        String hostname,
        String os,
        String arch,
        String agentVersion,
        String advertiseHost,
        int grpcPort) {

    @Override
    public String toString() {
        return "EnrollRequest[tokenId=" + tokenId + ", name=" + name + ", hostname=" + hostname + ", grpcPort=" + grpcPort + "]";
    }
}
