package fr.interrupt.meshcp.hub.state;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.hub.HubPaths;
import fr.interrupt.meshcp.hub.cli.CliFactory;
import fr.interrupt.meshcp.hub.tokens.TokenFile;
import fr.interrupt.meshcp.hub.tokens.TokenRecord;
import fr.interrupt.meshcp.shared.EnrollmentToken;
import fr.interrupt.meshcp.shared.tls.CaPin;
import fr.interrupt.meshcp.shared.tls.Pem;
import fr.interrupt.meshcp.testsupport.ChildJvm;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two CLI processes on one fresh data dir at the same time: one CA, and no token lost. */
class ConcurrentProcessesTest {
    private static final int PER_PROCESS = 30;

    @TempDir
    Path dir;

    @Test
    void twoProcessesCreatingTokensAtOnceLoseNoneAndShareOneCa() throws Exception {
        Path dataDir = dir.resolve("data");
        Path go = dir.resolve("go");
        List<Process> children = new ArrayList<>();
        List<CompletableFuture<List<String>>> outputs = new ArrayList<>();
        try {
            for (String prefix : List.of("a", "b")) {
                Process child = ChildJvm.start(TokenCreatorMain.class, dir.resolve(prefix + ".err"),
                        dataDir.toString(), Integer.toString(PER_PROCESS), prefix, go.toString());
                children.add(child);
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                assertThat(CompletableFuture.supplyAsync(() -> readLine(out)).get(30, TimeUnit.SECONDS)).isEqualTo("ready");
                outputs.add(CompletableFuture.supplyAsync(() -> out.lines().toList()));
            }
            Files.createFile(go);
            for (int i = 0; i < children.size(); i++) {
                assertThat(children.get(i).waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(children.get(i).exitValue()).as(Files.readString(dir.resolve((i == 0 ? "a" : "b") + ".err"))).isZero();
            }
        } finally {
            children.forEach(Process::destroyForcibly);
        }

        List<EnrollmentToken> printed = new ArrayList<>();
        for (CompletableFuture<List<String>> output : outputs) {
            output.get(10, TimeUnit.SECONDS).forEach(line -> printed.add(EnrollmentToken.parse(line)));
        }
        assertThat(printed).hasSize(2 * PER_PROCESS);

        TokenFile stored = Json.mapper().readValue(new HubPaths(dataDir).tokens().toFile(), TokenFile.class);
        assertThat(stored.tokens()).extracting(TokenRecord::id)
                .containsExactlyInAnyOrderElementsOf(printed.stream().map(EnrollmentToken::id).toList());
        Set<String> machines = stored.tokens().stream().map(TokenRecord::machineName).collect(Collectors.toSet());
        assertThat(machines).hasSize(2 * PER_PROCESS).contains("a0", "a29", "b0", "b29");

        String caPin = CaPin.of(Pem.readCertificate(new HubPaths(dataDir).caCertificate()));
        assertThat(printed).extracting(EnrollmentToken::caPin).as("both processes used one CA").containsOnly(caPin);

        ByteArrayOutputStream list = new ByteArrayOutputStream();
        int code = CliFactory.create(new PrintStream(list, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()),
                Map.of()).execute("--data-dir", dataDir.toString(), "token", "list");
        assertThat(code).isZero();
        String listed = list.toString(StandardCharsets.UTF_8);
        for (EnrollmentToken token : printed) {
            assertThat(listed).contains(token.id());
        }
    }

    private static String readLine(BufferedReader in) {
        try {
            return in.readLine();
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
