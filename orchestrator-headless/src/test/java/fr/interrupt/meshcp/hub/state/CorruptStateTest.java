package fr.interrupt.meshcp.hub.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.cli.CliFactory;
import fr.interrupt.meshcp.hub.support.EnrollmentClient;
import fr.interrupt.meshcp.hub.support.TestHub;
import fr.interrupt.meshcp.hub.tokens.IssuedToken;
import fr.interrupt.meshcp.hub.tokens.TokenState;
import fr.interrupt.meshcp.shared.tls.KeyPairs;
import fr.interrupt.meshcp.testsupport.TestClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A corrupt or truncated state file stops the hub with a clear error and is never replaced. */
class CorruptStateTest {
    @TempDir
    Path dir;
    Path registry;
    Path tokens;

    /** A real data dir with one enrolled machine and one pending token. */
    @BeforeEach
    void populate() throws Exception {
        try (TestHub hub = TestHub.open(dir)) {
            IssuedToken token = hub.token("web");
            assertThat(hub.client().post(EnrollmentClient.request(token.token(), "web", KeyPairs.generateP256(), "", 7444))
                    .status()).isEqualTo(200);
            hub.token("pending");
            registry = hub.paths().registry();
            tokens = hub.paths().tokens();
        }
    }

    private static byte[] truncate(Path file) throws Exception {
        byte[] whole = Files.readAllBytes(file);
        byte[] half = Arrays.copyOf(whole, whole.length / 2);
        Files.write(file, half);
        return half;
    }

    private Cli cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = dir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = CliFactory.create(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()).execute(all);
        return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Cli(int code, String out, String err) {
    }

    @Test
    void aTruncatedRegistryIsReportedByNameAndLeftUntouched() throws Exception {
        byte[] truncated = truncate(registry);

        assertThatThrownBy(() -> Hub.open(dir, "test", new TestClock()).close())
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining(registry.toString())
                .hasMessageContaining("is corrupt")
                .hasMessageContaining("will not overwrite it");
        assertThat(Files.readAllBytes(registry)).isEqualTo(truncated);
    }

    @Test
    void theCliStopsWithOneLineNamingTheCorruptRegistry() throws Exception {
        Files.writeString(registry, "this is not json");

        Cli machines = cli("machines");
        Cli remove = cli("machines", "remove", "web");
        Cli create = cli("token", "create", "other", "--ttl", "1h");

        for (Cli run : new Cli[] {machines, remove, create}) {
            assertThat(run.code()).as("state").isEqualTo(6);
            assertThat(run.err()).startsWith("error: " + registry + " is corrupt (invalid JSON at line 1");
            assertThat(run.err().lines()).hasSize(1);
        }
        assertThat(Files.readString(registry)).isEqualTo("this is not json");
    }

    @Test
    void anEnrollmentAgainstACorruptRegistryFailsWithoutSpendingTheTokenOrTouchingTheFile() throws Exception {
        try (TestHub hub = TestHub.open(dir)) {
            IssuedToken token = hub.token("late");
            byte[] truncated = truncate(registry);

            EnrollmentClient.Reply reply = hub.client().post(
                    EnrollmentClient.request(token.token(), "late", KeyPairs.generateP256(), "", 7444));

            assertThat(reply.status()).isEqualTo(500);
            assertThat(reply.error()).as("no server path or state detail for an unauthenticated caller")
                    .doesNotContain(dir.toString()).doesNotContain("registry.json").contains("hub's log");
            assertThat(Files.readAllBytes(registry)).isEqualTo(truncated);
            assertThat(hub.hub().tokens().find(token.token().id()).orElseThrow().state(hub.clock().instant()))
                    .isEqualTo(TokenState.PENDING);
        }
    }

    @Test
    void aCorruptTokenFileIsReportedByNameAndLeftUntouched() throws Exception {
        byte[] truncated = truncate(tokens);

        Cli create = cli("token", "create", "other", "--ttl", "1h");
        Cli list = cli("token", "list");

        assertThat(create.code()).as("state").isEqualTo(6);
        assertThat(create.err()).startsWith("error: " + tokens + " is corrupt");
        assertThat(list.code()).as("state").isEqualTo(6);
        assertThat(list.err()).startsWith("error: " + tokens + " is corrupt");
        assertThat(Files.readAllBytes(tokens)).isEqualTo(truncated);
    }

    @Test
    void openingAHubOnACorruptRegistryFailsAtOnce() throws Exception {
        truncate(registry);

        assertThatThrownBy(() -> Hub.open(dir, "test", new TestClock()).close())
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining(registry.toString());
    }
}
