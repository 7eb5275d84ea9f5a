package fr.interrupt.meshcp.hub.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.hub.pki.CertificateAuthority;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.support.EnrollmentClient;
import fr.interrupt.meshcp.hub.support.EnrollmentClient.Reply;
import fr.interrupt.meshcp.hub.support.TestHub;
import fr.interrupt.meshcp.hub.tokens.IssuedToken;
import fr.interrupt.meshcp.hub.tokens.TokenState;
import fr.interrupt.meshcp.shared.EnrollmentToken;
import fr.interrupt.meshcp.shared.enroll.EnrollRequest;
import fr.interrupt.meshcp.shared.enroll.EnrollResponse;
import fr.interrupt.meshcp.shared.tls.CertificateRoles;
import fr.interrupt.meshcp.shared.tls.KeyPairs;
import fr.interrupt.meshcp.shared.tls.Pem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /v1/enroll over real HTTPS, as a new machine calls it. */
class EnrollmentEndpointTest {
    @TempDir
    Path dir;
    TestHub hub;
    EnrollmentClient client;

    @BeforeEach
    void start() {
        hub = TestHub.open(dir);
        client = hub.client();
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private static EnrollRequest request(IssuedToken token, String name) {
        return EnrollmentClient.request(token.token(), name, KeyPairs.generateP256(), "127.0.0.1", 7444);
    }

    private TokenState state(IssuedToken token) {
        return hub.hub().tokens().find(token.token().id()).orElseThrow().state(hub.clock().instant());
    }

    @Test
    void aValidTokenEnrollsTheMachineAndReturnsItsAgentCertificate() throws Exception {
        IssuedToken token = hub.token("web-1");
        KeyPair key = KeyPairs.generateP256();

        Reply reply = client.post(EnrollmentClient.request(token.token(), "web-1", key, "10.1.2.3", 7555));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        EnrollResponse response = reply.response();
        X509Certificate cert = Pem.certificate(response.certificatePem());
        assertThat(response.machineName()).isEqualTo("web-1");
        assertThat(CertificateRoles.isAgent(cert, "web-1")).isTrue();
        assertThat(cert.getPublicKey()).isEqualTo(key.getPublic());
        assertThat(Pem.certificate(response.caCertificatePem())).isEqualTo(hub.ca().certificate());
        cert.verify(hub.ca().certificate().getPublicKey());

        Machine machine = hub.registry().require("web-1");
        assertThat(machine.certificateSerial()).isEqualTo(CertificateAuthority.serialOf(cert));
        assertThat(machine.host()).isEqualTo("10.1.2.3");
        assertThat(machine.port()).isEqualTo(7555);
        assertThat(machine.hostname()).isEqualTo("host-web-1");
        assertThat(state(token)).isEqualTo(TokenState.USED);

        List<String> audit = Files.readAllLines(hub.paths().auditLog());
        assertThat(audit).hasSize(2);
        JsonNode created = new ObjectMapper().readTree(audit.get(0));
        assertThat(created.get("action").asText()).as("the token service audits the token").isEqualTo("token-create");
        assertThat(created.get("token").asText()).isEqualTo(token.token().id());
        JsonNode line = new ObjectMapper().readTree(audit.get(1));
        assertThat(line.get("action").asText()).isEqualTo("enroll");
        assertThat(line.get("machine").asText()).isEqualTo("web-1");
        assertThat(line.get("serial").asText()).isEqualTo(machine.certificateSerial());
        assertThat(line.get("token").asText()).isEqualTo(token.token().id());
    }

    @Test
    void withoutAnAdvertisedHostTheHubRecordsTheAddressTheRequestCameFrom() throws Exception {
        IssuedToken token = hub.token("web-2");

        Reply reply = client.post(EnrollmentClient.request(token.token(), "web-2", KeyPairs.generateP256(), "", 7444));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        Machine machine = hub.registry().require("web-2");
        assertThat(machine.host()).isEqualTo("127.0.0.1");
        assertThat(machine.port()).isEqualTo(7444);
    }

    @Test
    void aRequestWithoutANameEnrollsTheNameTheTokenIsBoundTo() throws Exception {
        IssuedToken token = hub.token("web-3");

        Reply reply = client.post(EnrollmentClient.request(token.token(), "", KeyPairs.generateP256(), "", 7444));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(CertificateRoles.isAgent(Pem.certificate(reply.response().certificatePem()), "web-3")).isTrue();
    }

    @Test
    void anExpiredTokenIsRefusedAsExpired() throws Exception {
        IssuedToken token = hub.token("late");
        hub.clock().advance(Duration.ofHours(1).plusSeconds(1));

        Reply reply = client.post(request(token, "late"));

        assertThat(reply.error()).isEqualTo("token expired");
        assertThat(reply.status()).isEqualTo(409);
        assertThat(hub.registry().list()).isEmpty();
    }

    @Test
    void enrollingRevokesTheOtherPendingTokensForThatName() throws Exception {
        IssuedToken first = hub.token("web-9");
        IssuedToken second = hub.token("web-9");
        IssuedToken other = hub.token("db-9");

        assertThat(client.post(request(first, "web-9")).status()).isEqualTo(200);

        assertThat(state(first)).isEqualTo(TokenState.USED);
        assertThat(state(second)).as("a leftover token must not enroll an impostor after a later remove")
                .isEqualTo(TokenState.REVOKED);
        assertThat(state(other)).isEqualTo(TokenState.PENDING);
        hub.hub().machines().remove("web-9");
        assertThat(client.post(request(second, "web-9")).error()).isEqualTo("token revoked");
    }

    @Test
    void aUsedTokenIsRefusedAsAlreadyUsed() throws Exception {
        IssuedToken token = hub.token("once");
        assertThat(client.post(request(token, "once")).status()).isEqualTo(200);

        Reply reply = client.post(request(token, "once"));

        assertThat(reply.error()).isEqualTo("token already used");
        assertThat(reply.status()).isEqualTo(409);
    }

    @Test
    void aRevokedTokenIsRefusedAsRevoked() throws Exception {
        IssuedToken token = hub.token("gone");
        hub.hub().tokens().revoke(token.token().id());

        Reply reply = client.post(request(token, "gone"));

        assertThat(reply.error()).isEqualTo("token revoked");
        assertThat(hub.registry().list()).isEmpty();
    }

    @Test
    void aTokenBoundToAnotherNameIsRefusedAndNotSpent() throws Exception {
        IssuedToken token = hub.token("x");

        Reply reply = client.post(request(token, "other"));

        assertThat(reply.error()).isEqualTo("token is bound to machine \"x\"");
        assertThat(state(token)).isEqualTo(TokenState.PENDING);
        assertThat(hub.registry().list()).isEmpty();
    }

    @Test
    void aWrongSecretGetsOnlyInvalidToken() throws Exception {
        IssuedToken token = hub.token("node");
        String wrongSecret = EnrollmentToken.generate(new SecureRandom(), hub.ca().pin()).secret();
        EnrollmentToken forged = new EnrollmentToken(token.token().id(), wrongSecret, token.token().caPin());

        Reply reply = client.post(EnrollmentClient.request(forged, "node", KeyPairs.generateP256(), "", 7444));

        assertThat(reply.error()).isEqualTo("invalid token");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(state(token)).isEqualTo(TokenState.PENDING);
    }

    @Test
    void anUnknownTokenIdGetsOnlyInvalidToken() throws Exception {
        hub.token("node");
        EnrollmentToken unknown = EnrollmentToken.generate(new SecureRandom(), hub.ca().pin());

        Reply reply = client.post(EnrollmentClient.request(unknown, "node", KeyPairs.generateP256(), "", 7444));

        assertThat(reply.error()).isEqualTo("invalid token");
        assertThat(reply.status()).isEqualTo(401);
    }

    @Test
    void aWrongSecretNeverLearnsWhetherTheTokenIsUsedExpiredRevokedOrBound() throws Exception {
        IssuedToken used = hub.token("used");
        assertThat(client.post(request(used, "used")).status()).isEqualTo(200);
        IssuedToken revoked = hub.token("revoked");
        hub.hub().tokens().revoke(revoked.token().id());
        IssuedToken bound = hub.token("bound");
        IssuedToken expiring = hub.hub().tokens().create("expired", Duration.ofMinutes(1));
        hub.clock().advance(Duration.ofMinutes(2));

        for (IssuedToken token : new IssuedToken[] {used, revoked, bound, expiring}) {
            String wrongSecret = EnrollmentToken.generate(new SecureRandom(), hub.ca().pin()).secret();
            EnrollmentToken forged = new EnrollmentToken(token.token().id(), wrongSecret, token.token().caPin());
            Reply reply = client.post(EnrollmentClient.request(forged, "someone-else", KeyPairs.generateP256(), "", 7444));
            assertThat(reply.error()).as(token.machineName()).isEqualTo("invalid token");
        }
    }

    @Test
    void aMalformedBodyIsABadRequest() throws Exception {
        Reply reply = client.postRaw("{\"tokenId\": \"abc\", ".getBytes(StandardCharsets.UTF_8));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.error()).isEqualTo("malformed enrollment request");
    }

    @Test
    void aBodyOverSixteenKibIsRefusedWithoutBeingParsed() throws Exception {
        IssuedToken token = hub.token("big");
        EnrollRequest valid = request(token, "big");
        // a genuine, otherwise valid request: had it been parsed, it would have enrolled the machine
        EnrollRequest padded = new EnrollRequest(valid.tokenId(), valid.tokenSecret(), valid.name(), valid.csrPem(),
                "h".repeat(17 * 1024), valid.os(), valid.arch(), valid.agentVersion(), valid.advertiseHost(), valid.grpcPort());

        Reply reply = client.post(padded);

        assertThat(reply.status()).isEqualTo(413);
        assertThat(state(token)).isEqualTo(TokenState.PENDING);
        assertThat(hub.registry().list()).isEmpty();
    }

    @Test
    void reEnrollingAnEnrolledNameIsRefused() throws Exception {
        IssuedToken first = hub.token("dup");
        IssuedToken second = hub.token("dup");
        assertThat(client.post(request(first, "dup")).status()).isEqualTo(200);
        String serial = hub.registry().require("dup").certificateSerial();

        Reply reply = client.post(request(second, "dup"));

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.error()).isEqualTo("token revoked");
        assertThat(hub.registry().list()).hasSize(1);
        assertThat(hub.registry().require("dup").certificateSerial()).isEqualTo(serial);
    }

    @Test
    void aGetIsNotAnEnrollment() throws Exception {
        // the endpoint only enrolls on POST; anything else gets no certificate
        var http = java.net.http.HttpClient.newBuilder().sslContext(pinnedContext()).build();
        var response = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("https://127.0.0.1:" + hub.server().port() + "/v1/enroll")).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(405);
    }

    private javax.net.ssl.SSLContext pinnedContext() throws Exception {
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, new javax.net.ssl.TrustManager[] {
            new fr.interrupt.meshcp.shared.tls.PinnedCaTrustManager(hub.ca().pin())}, null);
        return tls;
    }
}
