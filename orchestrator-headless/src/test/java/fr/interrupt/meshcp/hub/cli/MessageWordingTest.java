package fr.interrupt.meshcp.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.proto.agent.v1.AgentServiceGrpc;
import io.grpc.MethodDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The sentences the CLI prints (its own, and the agent's file messages that reach every face) speak the face's
 * language: no gRPC method name, no MCP argument name, no Java exception class name in a string literal.
 */
class MessageWordingTest {
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final List<Path> SOURCES = List.of(
            Path.of("src/main/java/fr/interrupt/meshcp/hub/cli"),
            Path.of("../agent/src/main/java/fr/interrupt/meshcp/agent/files"),
            Path.of("../agent/src/main/java/fr/interrupt/meshcp/agent/cli"));

    private static List<String> literals() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path dir : SOURCES) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = LITERAL.matcher(Files.readString(file).replaceAll("(?m)^\\s*(//|\\*|/\\*).*$", ""));
                    while (m.find()) {
                        found.add(file.getFileName() + ": " + m.group(1));
                    }
                }
            }
        }
        return found;
    }

    private static List<String> forbidden() {
        List<String> words = new ArrayList<>(List.of("create_parents", "max_bytes", "wait_seconds", "job_id", "Exception:"));
        for (MethodDescriptor<?, ?> method : AgentServiceGrpc.getServiceDescriptor().getMethods().stream()
                .map(m -> (MethodDescriptor<?, ?>) m).toList()) {
            // compound names only (ListFiles, GetSystemStatus): Ping or Exec are also plain words
            if (method.getBareMethodName().matches("[A-Z][a-z]+[A-Z].*")) {
                words.add(method.getBareMethodName());
            }
        }
        return words;
    }

    /** The literal without the file name it was found in. */
    private static String text(String found) {
        return found.substring(found.indexOf(": ") + 2);
    }

    @Test
    void noMessageNamesAnRpcAnMcpArgumentOrAJavaException() throws IOException {
        List<String> literals = literals();
        assertThat(literals).as("the sources were found").hasSizeGreaterThan(100);
        for (String word : forbidden()) {
            assertThat(literals).as(word).noneMatch(l -> text(l).contains(word) && !l.contains("the first message must be the header"));
        }
        assertThat(literals).noneMatch(l -> text(l).matches(".*[A-Z][A-Za-z]+Exception\\b.*"));
        assertThat(forbidden()).contains("ListFiles", "ReadFile", "create_parents");
    }
}
