package fr.interrupt.meshcp.desktop.console;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.desktop.SameThread;
import fr.interrupt.meshcp.desktop.it.Fx;
import fr.interrupt.meshcp.desktop.ui.Dialogs;
import fr.interrupt.meshcp.desktop.ui.FxmlLoaderFactory;
import fr.interrupt.meshcp.desktop.ui.FxmlView;
import fr.interrupt.meshcp.hub.jobs.ExecState;
import fr.interrupt.meshcp.hub.jobs.FleetJobs;
import fr.interrupt.meshcp.hub.jobs.JobRef;
import fr.interrupt.meshcp.hub.jobs.JobStatus;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The Jobs table alone, headless, on jobs answered from memory: what renders, the dots, selection over refreshes, cancel. */
@ExtendWith(ApplicationExtension.class)
class JobsTableTest {
    private static final JobRef BUILD = new JobRef("web-1", "0000000000a1");
    private static final JobRef TESTS = new JobRef("web-2", "0000000000b2");
    private static final JobRef DEPLOY = new JobRef("web-1", "0000000000c3");

    private final FakeJobs jobs = new FakeJobs();
    private final List<JobStatus> attached = new ArrayList<>();
    private final AtomicBoolean answer = new AtomicBoolean(true);
    private final List<Dialogs.Confirmation> asked = new ArrayList<>();
    private JobsViewModel vm;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
        vm = new JobsViewModel(jobs, SameThread.dispatch(), Clock.fixed(FakeJobs.T0.plusSeconds(30), ZoneOffset.UTC), attached::add);
        Dialogs dialogs = (owner, question) -> {
            asked.add(question);
            return answer.get();
        };
        Map<Class<?>, Supplier<?>> controllers = Map.of(JobsController.class, () -> new JobsController(vm, dialogs));
        Scene scene = new Scene(new FxmlLoaderFactory(controllers).load(FxmlView.JOBS).root(), 900, 320);
        scene.getStylesheets().add(JobsTableTest.class.getResource("/fr/interrupt/meshcp/desktop/desktop.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    private void list(JobStatus... statuses) {
        jobs.listing = new FleetJobs(List.of(statuses), Map.of());
        Fx.run(vm::refresh);
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void rowsRenderWithTheirColumnsAndAStateDot(FxRobot robot) {
        list(FakeJobs.running(BUILD, "make -j4", "mcp:alice"), FakeJobs.ended(TESTS, "npm test", "cli:bob", ExecState.EXITED, 0));
        assertThat(robot.lookup("web-1:0000000000a1").tryQuery()).isPresent();
        assertThat(robot.lookup("mcp:alice").tryQuery()).isPresent();
        assertThat(robot.lookup("make -j4").tryQuery()).isPresent();
        assertThat(robot.lookup("1 running · 1 recent").tryQuery()).isPresent();
        assertThat(badgeOf(robot, "running")).contains("badge-running").doesNotContain("dot");
        assertThat(badgeOf(robot, "exited")).contains("badge-success");
    }

    @Test
    void theSelectionStaysOnItsJobWhenANewJobArrivesAndItsStateChanges(FxRobot robot) {
        list(FakeJobs.running(BUILD, "make", "mcp:alice"), FakeJobs.running(TESTS, "npm test", "cli:bob"));
        robot.clickOn("web-2:0000000000b2");
        TableView<JobRow> table = robot.lookup("#jobs-table").queryTableView();
        assertThat(Fx.get(() -> table.getSelectionModel().getSelectedItem().ref())).isEqualTo(TESTS);
        list(FakeJobs.running(DEPLOY, "deploy", "desktop:me"), FakeJobs.running(BUILD, "make", "mcp:alice"),
                FakeJobs.ended(TESTS, "npm test", "cli:bob", ExecState.EXITED, 2));
        assertThat(Fx.get(() -> table.getItems().size())).isEqualTo(3);
        assertThat(Fx.get(() -> table.getSelectionModel().getSelectedItem().ref())).isEqualTo(TESTS);
        assertThat(Fx.get(() -> vm.selectedProperty().get().ref())).isEqualTo(TESTS);
        assertThat(badgeOf(robot, "exited")).contains("badge-danger");
        assertThat(Fx.get(() -> robot.lookup("#jobs-cancel").queryAs(Node.class).isDisabled())).isTrue();
    }

    @Test
    void cancelAsksFirstAndCancelsOnlyWhenConfirmed(FxRobot robot) {
        list(FakeJobs.running(BUILD, "sleep 600", "mcp:alice"));
        robot.clickOn("web-1:0000000000a1");
        answer.set(false);
        robot.clickOn("#jobs-cancel");
        assertThat(asked).extracting(Dialogs.Confirmation::header).containsExactly("Cancel web-1:0000000000a1?");
        assertThat(jobs.cancelled).isEmpty();
        answer.set(true);
        robot.clickOn("#jobs-cancel");
        assertThat(jobs.cancelled).containsExactly(BUILD);
        assertThat(Fx.get(() -> vm.rows().get(0).stateProperty().get())).isEqualTo(ExecState.CANCELLED);
    }

    @Test
    void attachHandsTheSelectedJobOver(FxRobot robot) {
        list(FakeJobs.running(BUILD, "make", "mcp:alice"));
        robot.clickOn("web-1:0000000000a1");
        robot.clickOn("#jobs-attach");
        assertThat(attached).extracting(JobStatus::ref).containsExactly(BUILD);
    }

    @Test
    void machinesNotListedShowInTheFooter(FxRobot robot) {
        jobs.listing = new FleetJobs(List.of(), Map.of("nas", "machine nas is unreachable"));
        Fx.run(vm::refresh);
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        Label footer = robot.lookup("#jobs-unreachable").queryAs(Label.class);
        assertThat(Fx.get(footer::isVisible)).isTrue();
        assertThat(Fx.get(footer::getText)).isEqualTo("Jobs not listed for nas: machine nas is unreachable");
    }

    /** The style classes of the dot in the state cell that reads {@code state}. */
    /** The style classes of the state's badge: its word on a tint, never a status dot. */
    private static Set<String> badgeOf(FxRobot robot, String state) {
        return Fx.get(() -> robot.lookup((Node n) -> n instanceof javafx.scene.control.Label l && state.equals(l.getText())
                && l.getStyleClass().contains("run-badge")).queryAs(Node.class).getStyleClass().stream()
                .collect(java.util.stream.Collectors.toSet()));
    }
}
