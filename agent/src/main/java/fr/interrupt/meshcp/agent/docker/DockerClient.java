package fr.interrupt.meshcp.agent.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.interrupt.meshcp.agent.Refusal;
import fr.interrupt.meshcp.agent.config.DockerConfig;
import fr.interrupt.meshcp.shared.text.Printable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;

/**
 * The docker capability: a few read-only calls to the Docker Engine API over its unix socket. Container ids
 * and names are checked against Docker's own name rule before they go into a URL.
 */
public final class DockerClient {
    private static final Pattern CONTAINER = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$");
    private static final int MAX_JSON = 8 * 1024 * 1024;
    private static final int DEFAULT_TAIL = 100;
    private static final int MAX_TAIL = 100_000;
    private static final Duration SHORT = Duration.ofSeconds(15);
    private static final Duration LOGS = Duration.ofSeconds(120);

    private final DockerConfig config;
    private final UnixHttpClient http;

    /** Jackson is loaded on the first docker call, not by every agent start (docker is off by default). */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    public DockerClient(DockerConfig config, ScheduledExecutorService timer) {
        this.config = config;
        this.http = new UnixHttpClient(config.socket(), timer);
    }

    public List<ContainerSummary> list(boolean all) {
        JsonNode root = getJson("/containers/json?all=" + (all ? "1" : "0"), null);
        List<ContainerSummary> result = new ArrayList<>();
        for (JsonNode c : root) {
            List<String> names = new ArrayList<>();
            c.path("Names").forEach(n -> names.add(stripSlash(n.asText())));
            result.add(new ContainerSummary(c.path("Id").asText(), names, c.path("Image").asText(), c.path("State").asText(),
                    c.path("Status").asText(), c.path("Created").asLong()));
        }
        return result;
    }

    /** The Engine API's inspect document, as JSON text. */
    public String inspect(String id) {
        return inspectNode(id).toString();
    }

    /** Writes the container's last lines of log (0: 100) to the sink; returns when done or when the sink stops. */
    public void logs(String id, int tail, LogSink sink) {
        boolean tty = inspectNode(id).path("Config").path("Tty").asBoolean(false);
        int lines = tail <= 0 ? DEFAULT_TAIL : Math.min(tail, MAX_TAIL);
        String target = "/containers/" + id + "/logs?stdout=1&stderr=1&tail=" + lines;
        try (UnixHttpClient.Response response = request(target, LOGS)) {
            if (response.status() != 200) {
                throw failure(response, id);
            }
            String type = response.header("content-type");
            if (!tty || (type != null && type.contains("multiplexed"))) {
                LogFrames.demultiplex(response.body(), sink);
            } else {
                LogFrames.raw(response.body(), sink);
            }
        } catch (IOException e) {
            throw Refusal.unavailable("reading the logs of " + id + " from docker failed: " + e.getMessage());
        }
    }

    private JsonNode inspectNode(String id) {
        requireValidId(id);
        return getJson("/containers/" + id + "/json", id);
    }

    private JsonNode getJson(String target, String id) {
        try (UnixHttpClient.Response response = request(target, SHORT)) {
            if (response.status() != 200) {
                throw failure(response, id);
            }
            return Json.MAPPER.readTree(response.readBody(MAX_JSON));
        } catch (IOException e) {
            throw Refusal.unavailable("docker answered something this agent cannot read: " + e.getMessage());
        }
    }

    private UnixHttpClient.Response request(String target, Duration timeout) {
        if (!config.enabled()) {
            throw Refusal.disabled("docker");
        }
        try {
            return http.get(target, timeout);
        } catch (IOException e) {
            throw Refusal.unavailable("cannot reach docker at " + config.socket() + " (" + e.getMessage()
                    + "): is the docker daemon running, and may the agent's user use its socket?");
        }
    }

    private Refusal failure(UnixHttpClient.Response response, String id) {
        String message = "";
        try {
            message = Json.MAPPER.readTree(response.readBody(64 * 1024)).path("message").asText("");
        } catch (IOException e) {
            // No readable message: the status says enough.
        }
        if (response.status() == 404 && id != null) {
            return Refusal.notFound("no such container: " + id);
        }
        String detail = message.isEmpty() ? "" : ": " + Printable.of(message.strip());
        return Refusal.unavailable("docker answered HTTP " + response.status() + detail);
    }

    private void requireValidId(String id) {
        if (!config.enabled()) {
            throw Refusal.disabled("docker");
        }
        if (id == null || !CONTAINER.matcher(id).matches()) {
            throw Refusal.invalid("invalid container id or name: use letters, digits, '_', '.' and '-' (up to 128), starting with a letter or digit");
        }
    }

    private static String stripSlash(String name) {
        return name.startsWith("/") ? name.substring(1) : name;
    }
}
