package fr.interrupt.meshcp.hub.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.interrupt.meshcp.hub.support.TestHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issuing and revoking tokens audit themselves, whichever face calls the service. */
class TokenAuditTest {
    @TempDir
    Path dir;

    @Test
    void creatingAndRevokingATokenEachWriteOneAuditLine() throws Exception {
        try (TestHub hub = TestHub.open(dir)) {
            IssuedToken issued = hub.token("web-1");
            hub.hub().tokens().revoke(issued.token().id());

            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(hub.paths().auditLog())) {
                lines.add(new ObjectMapper().readTree(line));
            }
            assertThat(lines).extracting(l -> l.get("action").asText()).containsExactly("token-create", "token-revoke");
            assertThat(lines).allSatisfy(l -> {
                assertThat(l.get("machine").asText()).isEqualTo("web-1");
                assertThat(l.get("token").asText()).isEqualTo(issued.token().id());
            });
            assertThat(lines.get(0).get("expires").asText()).isEqualTo(issued.expiresAt().toString());
            assertThat(Files.readString(hub.paths().auditLog())).doesNotContain(issued.token().secret());
        }
    }
}
