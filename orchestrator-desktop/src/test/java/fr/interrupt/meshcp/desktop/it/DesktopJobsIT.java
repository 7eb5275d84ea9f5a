package fr.interrupt.meshcp.desktop.it;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.desktop.Desktop;
import fr.interrupt.meshcp.desktop.TestDesktops;
import fr.interrupt.meshcp.desktop.console.JobRow;
import fr.interrupt.meshcp.desktop.console.OutputLine;
import fr.interrupt.meshcp.desktop.ui.ThemeMode;
import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.jobs.ExecState;
import fr.interrupt.meshcp.hub.jobs.JobRef;
import fr.interrupt.meshcp.testsupport.Launchers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * The Jobs list with a real agent: a job started by another face (the built {@code serve}, driven over its stdio as
 * Claude Code does) shows in the desktop with its caller, is attached and cancelled from the window; the
 * desktop's own runs are jobs that outlive the page and the app. Needs an agent that keeps jobs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DesktopJobsIT {
    @TempDir
    static Path root;
    private static Desktop desktop;
    private static Agents agents;
    private static Hub mcp;
    private static JobRef claudes;
    private static JobRef ours;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void startApp() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        agents = new Agents(root);
        FxToolkit.setupFixture(() -> desktop = TestDesktops.start(stage, root, ThemeMode.LIGHT, new TestDesktops.ScriptedFiles()));
        Fx.enrollOnline(desktop, agents, "web-1");
        mcp = Hub.open(root.resolve("hub"), "mcp:test");
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (desktop != null) {
            FxToolkit.setupFixture(() -> desktop.close());
        }
        if (mcp != null) {
            mcp.close();
        }
        if (agents != null) {
            agents.close();
        }
        FxToolkit.cleanupStages();
    }

    @Test
    @Order(1)
    void aJobThatServeStartedIsListedWithItsCaller() throws Exception {
        claudes = JobRef.parse(startThroughServe("echo started by claude; sleep 120"));
        robot.clickOn("#nav-console");
        Fx.waitUntil(15, "the job in the list", () -> row(claudes) != null);
        assertThat(Fx.get(() -> row(claudes).caller())).startsWith("mcp:");
        assertThat(Fx.get(() -> row(claudes).stateProperty().get())).isEqualTo(ExecState.RUNNING);
        assertThat(Fx.get(() -> row(claudes).command())).isEqualTo("echo started by claude; sleep 120");
        assertThat(robot.lookup(claudes.toString()).tryQuery()).isPresent();
        assertThat(Fx.get(() -> robot.lookup("#jobs-unreachable").queryAs(Label.class).isVisible())).isFalse();
    }

    @Test
    @Order(2)
    void attachingItShowsItsOutput() {
        select(claudes);
        robot.clickOn("#jobs-attach");
        String id = "#output-web-1-" + claudes.id();
        Fx.waitUntil(15, "its output", () -> robot.lookup(id).tryQuery().isPresent() && lines(id).contains("started by claude"));
        assertThat(Fx.get(() -> desktop.console().shownProperty().get().title())).isEqualTo(claudes.toString());
    }

    @Test
    @Order(3)
    void cancellingItFromTheListEndsIt() throws Exception {
        select(claudes);
        robot.clickOn("#jobs-cancel");
        Fx.waitUntil(15, "the row cancelled", () -> row(claudes).stateProperty().get() == ExecState.CANCELLED);
        assertThat(mcp.jobs().get(claudes).state()).isEqualTo(ExecState.CANCELLED);
        Fx.waitUntil(15, "the attached tab to say so", () -> robot.lookup("#summary-web-1-" + claudes.id()).queryAs(Label.class)
                .getText().startsWith("cancelled"));
    }

    @Test
    @Order(4)
    void aCommandRunHereIsAJobOfTheDesktopThatOutlivesThePage() {
        Fx.run(() -> desktop.console().select("web-1"));
        Fx.run(() -> desktop.console().commandProperty().set("echo ours; sleep 120"));
        robot.clickOn("#console-run");
        Fx.waitUntil(15, "our job", () -> desktop.console().runs().size() == 1 && desktop.console().runs().get(0).jobRef() != null);
        ours = Fx.get(() -> desktop.console().runs().get(0).jobRef());
        Fx.waitUntil(15, "its output", () -> lines("#output-web-1").contains("ours"));
        Fx.waitUntil(15, "our job in the list", () -> row(ours) != null);
        assertThat(Fx.get(() -> row(ours).caller())).startsWith("desktop:");

        robot.clickOn("#nav-machines");
        robot.clickOn("#nav-console");
        assertThat(mcp.jobs().get(ours).state()).isEqualTo(ExecState.RUNNING);
    }

    @Test
    @Order(5)
    void closingTheAppLeavesItRunning() throws Exception {
        FxToolkit.setupFixture(() -> desktop.close());
        desktop = null;
        // the job would end within this wait if closing the app had cancelled it
        assertThat(mcp.jobs().await(ours, java.time.Duration.ofSeconds(2)).state()).isEqualTo(ExecState.RUNNING);
        assertThat(mcp.jobs().cancel(ours).state()).isEqualTo(ExecState.CANCELLED);
    }

    /**
     * Starts command on web-1 with the built `orchestrator-headless serve` over its stdio, as Claude Code does
     * (exec with wait_seconds 0), closes that server, and returns the job id it answered.
     */
    private static String startThroughServe(String command) throws Exception {
        Process serve = new ProcessBuilder(Launchers.hubLauncher().toString(), "--data-dir", root.resolve("hub").toString(),
                "serve", "--no-enrollment").start();
        ObjectMapper json = new ObjectMapper();
        try (var in = serve.getOutputStream();
             var out = new java.io.BufferedReader(new java.io.InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
            Launchers.drain(serve.getErrorStream());
            in.write(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}\n"
                    + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n").getBytes(StandardCharsets.UTF_8));
            in.write((json.writeValueAsString(java.util.Map.of("jsonrpc", "2.0", "id", 2, "method", "tools/call", "params",
                    java.util.Map.of("name", "exec", "arguments", java.util.Map.of("machine", "web-1", "command", command,
                            "wait_seconds", 0)))) + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                JsonNode message = json.readTree(line);
                if (message.path("id").asInt() == 2) {
                    assertThat(message.path("result").path("isError").asBoolean()).as(line).isFalse();
                    return message.path("result").path("structuredContent").path("job_id").asText();
                }
            }
            throw new AssertionError("serve ended without answering the exec call");
        } finally {
            assertThat(serve.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("serve exits when its stdin closes").isTrue();
        }
    }

    private void select(JobRef ref) {
        javafx.scene.control.TableView<JobRow> table = robot.lookup("#jobs-table").queryTableView();
        Fx.run(() -> table.getSelectionModel().select(row(ref)));
    }

    private static JobRow row(JobRef ref) {
        return desktop.console().jobs().rows().stream().filter(r -> r.ref().equals(ref)).findFirst().orElse(null);
    }

    private java.util.List<String> lines(String id) {
        @SuppressWarnings("unchecked")
        ListView<OutputLine> output = robot.lookup(id).queryAs(ListView.class);
        return output.getItems().stream().map(OutputLine::text).toList();
    }
}
