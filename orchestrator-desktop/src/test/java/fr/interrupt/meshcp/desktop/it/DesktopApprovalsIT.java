package fr.interrupt.meshcp.desktop.it;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.desktop.Desktop;
import fr.interrupt.meshcp.desktop.TestDesktops;
import fr.interrupt.meshcp.desktop.ui.ThemeMode;
import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.jobs.ExecState;
import fr.interrupt.meshcp.hub.jobs.JobRef;
import fr.interrupt.meshcp.hub.jobs.JobStatus;
import fr.interrupt.meshcp.hub.jobs.OutputRange;
import fr.interrupt.meshcp.hub.policy.Approval;
import fr.interrupt.meshcp.hub.policy.ApprovalState;
import fr.interrupt.meshcp.hub.policy.PolicyMode;
import fr.interrupt.meshcp.hub.service.ExecListener;
import fr.interrupt.meshcp.hub.service.ExecOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
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
 * Claude's requests in the real window with a real agent: a request that `serve` records (here through the same core,
 * as a second hub process on the data dir named mcp:test) raises the banner at once; Approve in the window runs the
 * command as Claude's job; Deny sends the reason; the policy editor writes the rule the gate reads.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DesktopApprovalsIT {
    @TempDir
    static Path root;
    private static Desktop desktop;
    private static Agents agents;
    private static Hub mcp;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void startApp() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        agents = new Agents(root);
        FxToolkit.setupFixture(() -> desktop = TestDesktops.start(stage, root, ThemeMode.LIGHT, new TestDesktops.ScriptedFiles()));
        Fx.enrollOnline(desktop, agents, "web-1");
        mcp = Hub.open(root.resolve("hub"), "mcp:test");
        mcp.policy().set("web-*", PolicyMode.ASK);
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
    void aPendingRequestRaisesTheBannerAndApprovingItInTheWindowRunsTheCommand() throws Exception {
        assertThat(Fx.get(() -> robot.lookup("#approval-banner").query().isVisible())).isFalse();
        Approval asked = mcp.approvals().request("web-1", "exec", ExecOptions.of("echo approved in the window"), "web-*");

        Fx.waitUntil(10, "the banner", () -> robot.lookup("#approval-banner").query().isVisible());
        assertThat(Fx.get(() -> robot.lookup("#approval-banner-text").queryAs(Label.class).getText()))
                .isEqualTo("Claude asks to run \"echo approved in the window\" on web-1: approve or deny it.");
        assertThat(Fx.get(() -> robot.lookup("#approvals-badge").queryAs(Label.class).getText())).isEqualTo("1");

        robot.clickOn("#approval-banner-review");
        Fx.waitUntil(10, "the request in detail", () -> robot.lookup("#approval-command").tryQuery().isPresent()
                && "echo approved in the window".equals(robot.lookup("#approval-command").queryAs(TextArea.class).getText()));
        assertThat(Fx.get(() -> robot.lookup("#approval-caller").queryAs(Label.class).getText())).isEqualTo("mcp:test");
        assertThat(Fx.get(() -> robot.lookup("#approval-machine").queryAs(Label.class).getText())).isEqualTo("web-1");

        screenshot("approvals.png");
        robot.clickOn("#approve-button");
        Fx.waitUntil(20, "the request started", () -> mcp.approvals().require(asked.id()).state() == ApprovalState.STARTED);
        Approval started = mcp.approvals().require(asked.id());
        assertThat(started.decidedBy()).startsWith("desktop:");
        JobStatus job = mcp.jobs().await(JobRef.parse(started.job()), Duration.ofSeconds(20));
        assertThat(job.state()).isEqualTo(ExecState.EXITED);
        assertThat(job.caller()).isEqualTo("mcp:test");
        OutputRange out = mcp.jobs().read(job.ref(), ExecListener.OutputKind.STDOUT, 0, 1000);
        assertThat(new String(out.data(), StandardCharsets.UTF_8)).isEqualTo("approved in the window\n");
        Fx.waitUntil(10, "the banner gone", () -> !robot.lookup("#approval-banner").query().isVisible());
    }

    @Test
    @Order(2)
    void denyingInTheWindowSendsTheReason() {
        Approval asked = mcp.approvals().request("web-1", "exec", ExecOptions.of("rm -rf /srv/cache"), "web-*");
        Fx.waitUntil(10, "the request listed", () -> desktop.approvals().pending().size() == 1);
        robot.clickOn("#deny-reason").write("clear it with the cache tool");
        robot.clickOn("#deny-button");
        Fx.waitUntil(20, "the request denied", () -> mcp.approvals().require(asked.id()).state() == ApprovalState.DENIED);
        assertThat(mcp.approvals().whyItWillNotRun(mcp.approvals().require(asked.id())).orElseThrow())
                .matches("a person at the hub \\(desktop:.+\\) denied this: clear it with the cache tool");
    }

    @Test
    @Order(3)
    void thePolicyEditorWritesTheRuleTheGateReads() {
        robot.clickOn("#nav-policy");
        Fx.waitUntil(10, "the existing rule", () -> desktop.policy().rules().size() == 1);
        robot.clickOn("#policy-new");
        robot.clickOn("#policy-pattern").write("db-*");
        Fx.run(() -> desktop.policy().modeProperty().set(PolicyMode.READ_ONLY));
        robot.clickOn("#policy-denied").write("*rm -rf*");
        robot.clickOn("#policy-save");
        Fx.waitUntil(10, "the rule saved", () -> desktop.policy().rules().size() == 2);
        assertThat(mcp.policy().explain("db-1").mode()).isEqualTo(PolicyMode.READ_ONLY);
        assertThat(mcp.policy().explain("db-1").deniedCommands()).extracting(d -> d.glob()).containsExactly("*rm -rf*");
        Node table = robot.lookup("#policy-table").query();
        assertThat(table.isVisible()).isTrue();
        screenshot("policy.png");
    }

    @Test
    @Order(4)
    void anEditShowsItsDiffAndApprovingItInTheWindowWritesIt() throws Exception {
        Path file = Files.writeString(root.resolve("app.conf"), "listen 80;\nworkers 1;\nlog off;\n");
        Approval asked = mcp.approvals().requestEdit("web-1", file.toString(), "workers 1;", "workers 4;", false, "web-*");

        Fx.waitUntil(10, "the banner", () -> robot.lookup("#approval-banner").query().isVisible());
        assertThat(Fx.get(() -> robot.lookup("#approval-banner-text").queryAs(Label.class).getText()))
                .isEqualTo("Claude asks to edit " + file + " on web-1: approve or deny it.");
        robot.clickOn("#approval-banner-review");
        Fx.waitUntil(10, "the diff", () -> robot.lookup("#approval-diff").tryQuery().map(Node::isVisible).orElse(false));
        String diff = Fx.get(() -> robot.lookup("#approval-diff").queryAs(TextArea.class).getText());
        assertThat(diff).contains("--- a" + file).contains("+++ b" + file).contains("-workers 1;\n+workers 4;\n")
                .contains(" listen 80;");
        assertThat(Fx.get(() -> robot.lookup("#approval-context").queryAs(Label.class).getText())).isEqualTo(file.toString());
        assertThat(Fx.get(() -> robot.lookup("#approval-command").query().isVisible())).isFalse();
        assertThat(Fx.get(() -> robot.lookup("#approve-hour-button").query().isDisabled())).isTrue();
        screenshot("approvals-edit.png");

        robot.clickOn("#approve-button");
        Fx.waitUntil(20, "the edit written", () -> mcp.approvals().require(asked.id()).state() == ApprovalState.WRITTEN);
        assertThat(Files.readString(file)).isEqualTo("listen 80;\nworkers 4;\nlog off;\n");
        assertThat(mcp.approvals().require(asked.id()).written().replacements()).isEqualTo(1);
        Fx.waitUntil(10, "the outcome shown", () -> robot.lookup("#approvals-status").queryAs(Label.class).getText()
                .startsWith("Approved: wrote 31 B to web-1:" + file));
    }

    /** With -Dmeshcp.screenshots=DIR (as for ScreenshotsIT), keeps what the window shows. */
    private static void screenshot(String name) {
        String dir = System.getProperty("meshcp.screenshots", "");
        if (!dir.isBlank()) {
            fr.interrupt.meshcp.desktop.Snapshots.save(desktop.stage().getScene(), Path.of(dir, name));
        }
    }
}
