package fr.interrupt.meshcp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.interrupt.meshcp.testsupport.Launchers;
import fr.interrupt.meshcp.testsupport.SchemaCheck;
import fr.interrupt.meshcp.testsupport.TestFleet;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Labels end to end with the built launchers: agents whose agent.yaml has labels, labels set on the hub with
 * 'machines label', 'machines -l', 'exec -l', and the MCP tools list_machines and exec_many with a selector (the
 * SDK's client over stdio). One fleet: a (env=prod, role=web), b (env=staging, role=web), c (env=prod, role=db);
 * the last test stops b. Hub-set labels are on keys no other test selects by.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabelsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    private static TestFleet fleet;
    private static TestFleet.Agent b;
    private static McpSyncClient client;
    private static final Map<String, Map<String, Object>> outputSchemas = new HashMap<>();

    @BeforeAll
    static void startFleet() throws IOException {
        fleet = TestFleet.start(tmp.resolve("fleet"));
        labelled("a", "env: prod\n  role: web");
        b = labelled("b", "env: staging\n  role: web");
        labelled("c", "env: prod\n  role: db");
    }

    /** Enrolls name, adds a labels: block to its agent.yaml, starts it. */
    private static TestFleet.Agent labelled(String name, String labelsYaml) throws IOException {
        TestFleet.Agent agent = fleet.enroll(name);
        Files.writeString(agent.config(), Files.readString(agent.config()) + "labels:\n  " + labelsYaml + "\n");
        return agent.start();
    }

    @AfterAll
    static void stopFleet() {
        if (client != null) {
            client.closeGracefully();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    @Order(1)
    void machinesShowsTheAgentsLabelsAndFiltersWithL() {
        Launchers.Result all = fleet.hub("machines").assertOk();
        assertThat(all.stdout().lines().findFirst().orElse("")).contains("LABELS");
        assertThat(all.stdout()).containsPattern("(?m)^a .*env=prod,role=web$").containsPattern("(?m)^c .*env=prod,role=db$");

        Launchers.Result web = fleet.hub("machines", "-l", "role=web").assertOk();
        assertThat(names(web.stdout())).containsExactly("a", "b");
        Launchers.Result notProd = fleet.hub("machines", "-l", "env notin (prod), role").assertOk();
        assertThat(names(notProd.stdout())).containsExactly("b");
    }

    @Test
    @Order(2)
    void execLRunsOnExactlyTheMatchingMachines() {
        Launchers.Result r = fleet.hub("exec", "-l", "env=prod", "--", "echo", "ran-here").assertOk();

        assertThat(r.stdout().lines().sorted().toList()).containsExactly("a | ran-here", "c | ran-here");
        assertThat(r.stderr()).contains("2 of 2 machines succeeded");
    }

    @Test
    @Order(3)
    void hubLabelsFollowKubectlAndWinOverTheAgents() {
        assertThat(fleet.hub("machines", "label", "b", "tier=gold").assertOk().stdout()).containsPattern("(?m)^tier +gold +hub$");

        Launchers.Result refused = fleet.hub("machines", "label", "b", "tier=silver");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).isEqualTo("error: machine \"b\" already has label tier=gold; overwrite it to set tier=silver (add --overwrite)\n");
        fleet.hub("machines", "label", "b", "tier=silver", "--overwrite").assertOk();

        Launchers.Result listed = fleet.hub("machines", "label", "c", "role=cache").assertOk();
        assertThat(listed.stdout()).containsPattern("(?m)^role +cache +hub, over the agent's db$").containsPattern("(?m)^env +prod +agent$");
        Launchers.Result ran = fleet.hub("exec", "-l", "role=cache", "--", "echo", "cached").assertOk();
        assertThat(ran.stdout()).isEqualTo("c | cached\n");

        assertThat(fleet.hub("machines", "label", "c", "role-").assertOk().stdout()).containsPattern("(?m)^role +db +agent$");
    }

    @Test
    @Order(4)
    void badSelectorsAndNoMatchSaySoInTheCliWords() {
        Launchers.Result bad = fleet.hub("exec", "-l", "env in (prod", "--", "true");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).startsWith("error: -l: in selector \"env in (prod\": expected ',' or ')' in the list of values at character 13\n");

        Launchers.Result none = fleet.hub("exec", "-l", "env=nowhere", "--", "true");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.stderr()).startsWith("error: no machine matches the selector env=nowhere (machines and their labels: a (env=prod,role=web)");

        Launchers.Result both = fleet.hub("exec", "a", "-l", "env=prod", "--", "true");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.stderr()).startsWith("error: give machine names, --all or -l SELECTOR, only one of them\n");

        Launchers.Result badKey = fleet.hub("machines", "label", "a", "Bad Key=x");
        assertThat(badKey.exitCode()).isEqualTo(2);
        assertThat(badKey.stderr()).startsWith("error: invalid label key \"Bad Key\"");
        assertThat(fleet.hub("machines", "-l", "").exitCode()).isEqualTo(2);
    }

    @Test
    @Order(5)
    void mcpListMachinesAndExecManyTakeTheSameSelector() {
        startMcpClient();
        Map<String, Object> listed = ok("list_machines", Map.of("selector", "role=web"));
        List<Map<String, Object>> machines = list(listed.get("machines"));
        assertThat(machines).extracting(m -> m.get("name")).containsExactly("a", "b");
        assertThat(machines.get(0).get("labels")).isEqualTo(Map.of("env", "prod", "role", "web"));

        Map<String, Object> ran = ok("exec_many", Map.of("selector", "env=prod", "command", "echo mcp-ran"));
        List<Map<String, Object>> results = list(ran.get("results"));
        assertThat(results).extracting(r -> r.get("machine")).containsExactlyInAnyOrder("a", "c");
        assertThat(results).allSatisfy(r -> assertThat(r.get("stdout")).isEqualTo("mcp-ran\n"));

        assertThat(error("exec_many", Map.of("selector", "env=", "all", true, "command", "true")))
                .contains("give one of \"machines\", \"all\": true or \"selector\", not several");
        assertThat(error("list_machines", Map.of("selector", "env in ()")))
                .contains("argument \"selector\": in selector \"env in ()\": the list of values after in or notin cannot be empty");
        assertThat(error("exec_many", Map.of("selector", "env=nowhere", "command", "true"))).contains("no machine matches the selector env=nowhere");
    }

    @Test
    @Order(6)
    void anOfflineMachineIsSelectedOnTheLabelsItLastReportedAndFailsAlone() {
        b.stop();

        Launchers.Result listed = fleet.hub("machines", "-l", "env=staging").assertOk();
        assertThat(listed.stdout()).containsPattern("(?m)^b .* offline .*env=staging,role=web,tier=silver$");
        Launchers.Result ran = fleet.hub("exec", "-l", "role=web", "--", "echo", "up");
        assertThat(ran.exitCode()).isEqualTo(1);
        assertThat(ran.stdout()).isEqualTo("a | up\n");
        assertThat(ran.stderr()).contains("1 of 2 machines succeeded").containsPattern("(?m)^b .*unreachable");
    }

    // ---------------------------------------------------------------- helpers

    /** The NAME column of a 'machines' table. */
    private static List<String> names(String table) {
        return table.lines().skip(1).takeWhile(l -> !l.isBlank()).map(l -> l.split(" ", 2)[0]).toList();
    }

    private static void startMcpClient() {
        ServerParameters server = ServerParameters.builder(Launchers.hubLauncher().toString())
                .args("--data-dir", fleet.dataDir().toString(), "serve", "--no-enrollment")
                .build();
        StdioClientTransport transport = new StdioClientTransport(server, new JacksonMcpJsonMapper(new ObjectMapper()));
        transport.setStdErrorHandler(line -> { });
        client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(90)).initializationTimeout(Duration.ofSeconds(60)).build();
        client.initialize();
        for (McpSchema.Tool tool : client.listTools().tools()) {
            outputSchemas.put(tool.name(), tool.outputSchema());
        }
    }

    private static Map<String, Object> ok(String tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, new LinkedHashMap<>(arguments)));
        assertThat(result.isError()).as(tool + " " + arguments + ": " + text(result)).isFalse();
        Map<String, Object> structured = map(result.structuredContent());
        assertThat(SchemaCheck.violations(outputSchemas.get(tool), structured)).as(tool + " result vs output schema").isEmpty();
        return structured;
    }

    private static String error(String tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, new LinkedHashMap<>(arguments)));
        assertThat(result.isError()).as(tool + " " + arguments + " should fail: " + text(result)).isTrue();
        return text(result);
    }

    private static String text(McpSchema.CallToolResult result) {
        return result.content().isEmpty() ? "" : ((McpSchema.TextContent) result.content().get(0)).text();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return JSON.convertValue(value, Map.class);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return JSON.convertValue(value, List.class);
    }
}
