package fr.interrupt.meshcp.hub;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.hub.support.EnrollmentClient;
import fr.interrupt.meshcp.hub.support.TestHub;
import fr.interrupt.meshcp.hub.tokens.IssuedToken;
import fr.interrupt.meshcp.shared.EnrollmentToken;
import fr.interrupt.meshcp.shared.tls.KeyPairs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token secrets exist only in what `token create` prints: never in a file of the data dir, nor in the log. */
class SecretsAtRestTest {
    @TempDir
    Path dir;

    @Test
    void noTokenSecretIsEverWrittenToTheDataDirOrTheLog() throws Exception {
        List<String> secrets = new ArrayList<>();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream realErr = System.err;
        try (TestHub hub = TestHub.open(dir)) {
            EnrollmentClient client = hub.client();
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));

            IssuedToken enrolled = hub.token("enrolled");
            IssuedToken pending = hub.token("pending");
            IssuedToken revoked = hub.token("revoked");
            IssuedToken misnamed = hub.token("misnamed");
            hub.hub().tokens().revoke(revoked.token().id());
            String guessed = EnrollmentToken.generate(new SecureRandom(), hub.ca().pin()).secret();
            for (IssuedToken t : List.of(enrolled, pending, revoked, misnamed)) {
                secrets.add(t.token().secret());
            }
            secrets.add(guessed);

            assertThat(client.post(EnrollmentClient.request(enrolled.token(), "enrolled", KeyPairs.generateP256(), "", 7444))
                    .status()).isEqualTo(200);
            assertThat(client.post(EnrollmentClient.request(enrolled.token(), "enrolled", KeyPairs.generateP256(), "", 7444))
                    .error()).isEqualTo("token already used");
            assertThat(client.post(EnrollmentClient.request(revoked.token(), "revoked", KeyPairs.generateP256(), "", 7444))
                    .error()).isEqualTo("token revoked");
            assertThat(client.post(EnrollmentClient.request(misnamed.token(), "elsewhere", KeyPairs.generateP256(), "", 7444))
                    .status()).isEqualTo(409);
            assertThat(client.post(EnrollmentClient.request(
                    new EnrollmentToken(pending.token().id(), guessed, pending.token().caPin()), "pending",
                    KeyPairs.generateP256(), "", 7444)).error()).isEqualTo("invalid token");
        } finally {
            System.setErr(realErr);
        }

        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).extracting(p -> dir.relativize(p).toString())
                .contains("tokens.json", "registry.json", "audit.log");
        for (Path file : files) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String secret : secrets) {
                assertThat(content).as("%s must not hold a token secret", dir.relativize(file)).doesNotContain(secret);
            }
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        assertThat(logged).as("the endpoint's log was captured").contains("enrollment refused for token");
        for (String secret : secrets) {
            assertThat(logged).doesNotContain(secret);
        }
    }

    @Test
    void stateFilesAndKeysAreOwnerOnly() throws Exception {
        try (TestHub hub = TestHub.open(dir)) {
            IssuedToken token = hub.token("node");
            hub.client().post(EnrollmentClient.request(token.token(), "node", KeyPairs.generateP256(), "", 7444));
            HubPaths paths = hub.paths();
            for (Path file : List.of(paths.tokens(), paths.registry(), paths.auditLog(), paths.caKey(),
                    paths.hubDir().resolve("orchestrator.key"), paths.hubDir().resolve("enrollment.key"))) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
                        .isEqualTo("rw-------");
            }
        }
    }
}
