package fr.interrupt.meshcp.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.agent.Refusal;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

class StatusesTest {

    @Test
    void anUnexpectedFailureNamesNoClassAndPointsAtTheLog() {
        Status status = Statuses.of(new IllegalStateException("secret detail /etc/shadow"));

        assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(status.getDescription())
                .doesNotContain("IllegalStateException", "secret detail", "Exception")
                .contains("journalctl -u meshcp-agent");
    }

    @Test
    void aRefusalKeepsItsCodeAndSentence() {
        Status status = Statuses.of(new Refusal(Refusal.Kind.PERMISSION_DENIED, "shell is disabled by policy"));

        assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(status.getDescription()).isEqualTo("shell is disabled by policy");
    }
}
