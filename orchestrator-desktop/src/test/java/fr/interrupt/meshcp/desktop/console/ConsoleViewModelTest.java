package fr.interrupt.meshcp.desktop.console;

import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.hub.HubPaths;
import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.desktop.SameThread;
import fr.interrupt.meshcp.desktop.machines.FleetProbe;
import fr.interrupt.meshcp.desktop.machines.MachinesViewModel;
import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.jobs.ExecState;
import fr.interrupt.meshcp.hub.jobs.JobRef;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.service.ExecListener;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's runs as jobs: started, followed, ended, cancelled, attached; the machines are real registry entries. */
class ConsoleViewModelTest {
    @TempDir
    Path dataDir;
    private Hub hub;
    private MachinesViewModel machines;
    private final FakeJobs jobs = new FakeJobs();

    @BeforeEach
    void setUp() {
        hub = Hub.open(dataDir, "desktop:test");
        MachineRegistry.at(new HubPaths(hub.dataDir())).add(machine("web-1"));
        MachineRegistry.at(new HubPaths(hub.dataDir())).add(machine("web-2"));
        machines = new MachinesViewModel(FleetProbe.of(hub), SameThread.dispatch(), Clock.systemUTC());
        machines.refresh();
    }

    @AfterEach
    void tearDown() {
        hub.close();
    }

    private ConsoleViewModel console(JobsApi api) {
        return new ConsoleViewModel(api, machines.rows(), SameThread.dispatch(), Clock.systemUTC());
    }

    private static void type(ConsoleViewModel vm, String command, String... machineNames) {
        vm.select(machineNames);
        vm.commandProperty().set(command);
        vm.run();
    }

    @Test
    void aRunStartsAJobOnEachPickedMachineAndShowsItsLiveOutput() {
        ConsoleViewModel vm = console(jobs);
        type(vm, "uptime", "web-1", "web-2");
        assertThat(jobs.started).containsExactly("web-1: uptime", "web-2: uptime");
        assertThat(vm.runs()).extracting(MachineRun::title).containsExactly("web-1", "web-2");
        jobs.follow(0).out("up 3 days\n");
        jobs.follow(0).err("warning\n");
        assertThat(vm.runs().get(0).lines()).containsExactly(new OutputLine(OutputLine.Kind.STDOUT, "up 3 days", false),
                new OutputLine(OutputLine.Kind.STDERR, "warning", false));
        assertThat(vm.runningProperty().get()).isTrue();
        assertThat(vm.commandProperty().get()).isEmpty();
    }

    @Test
    void theRunEndsWithEachJobsFinalState() {
        ConsoleViewModel vm = console(jobs);
        type(vm, "false", "web-1", "web-2");
        jobs.follow(0).end(ExecState.EXITED, 0);
        assertThat(vm.runningProperty().get()).isTrue();
        jobs.follow(1).end(ExecState.EXITED, 3);
        assertThat(vm.runningProperty().get()).isFalse();
        MachineRun web1 = vm.runs().get(0);
        MachineRun web2 = vm.runs().get(1);
        assertThat(web1.stateProperty().get()).isEqualTo(ExecState.EXITED);
        assertThat(web1.succeededProperty().get()).isTrue();
        assertThat(web1.summaryProperty().get()).isEqualTo("exit 0 · 1.5 s");
        assertThat(web2.exitCodeProperty().get()).isEqualTo(3);
        assertThat(web2.succeededProperty().get()).isFalse();
        assertThat(StateStyle.dot(web2.stateProperty().get(), false)).isEqualTo("status-offline");
    }

    @Test
    void aGapInTheOutputIsOneNoteLine() {
        ConsoleViewModel vm = console(jobs);
        type(vm, "yes", "web-1");
        jobs.follow(0).out("y\n");
        jobs.follow(0).listener.onGap("web-1", ExecListener.OutputKind.STDOUT, 1 << 20, (1 << 20) + 12_897_485);
        jobs.follow(0).out("y\n");
        assertThat(vm.runs().get(0).lines()).extracting(OutputLine::text)
                .containsExactly("y", "[… 12.3 MiB of stdout not kept by the agent …]", "y");
        assertThat(vm.runs().get(0).lines().get(1).kind()).isEqualTo(OutputLine.Kind.NOTE);
    }

    @Test
    void cancelCancelsTheJobsStillRunning() {
        ConsoleViewModel vm = console(jobs);
        type(vm, "sleep 60", "web-1", "web-2");
        jobs.follow(0).end(ExecState.EXITED, 0);
        vm.cancel();
        assertThat(jobs.cancelled).containsExactly(jobs.follow(1).job());
        jobs.follow(1).end(ExecState.CANCELLED, null);
        assertThat(vm.runs().get(1).stateProperty().get()).isEqualTo(ExecState.CANCELLED);
        assertThat(vm.runs().get(1).summaryProperty().get()).isEqualTo("cancelled after 1.5 s");
        assertThat(vm.runningProperty().get()).isFalse();
    }

    @Test
    void aMachineThatRefusesFailsWithItsReasonAndTheOthersRun() {
        jobs.refusals.put("web-2", "web-2: command refused by policy");
        ConsoleViewModel vm = console(jobs);
        type(vm, "rm -rf /tmp/x", "web-1", "web-2");
        MachineRun web2 = vm.runs().get(1);
        assertThat(web2.stateProperty().get()).isEqualTo(ExecState.FAILED);
        assertThat(web2.summaryProperty().get()).isEqualTo("not started");
        assertThat(web2.badgeProperty().get()).isEqualTo("not started");
        assertThat(web2.lines()).extracting(OutputLine::text).containsOnlyOnce("web-2: command refused by policy.");
        assertThat(vm.runs().get(0).stateProperty().get()).isEqualTo(ExecState.RUNNING);
        jobs.follow(0).end(ExecState.EXITED, 0);
        assertThat(vm.runningProperty().get()).isFalse();
    }

    @Test
    void anUnreachableMachineFailsWithTheHubsSentence() {
        ConsoleViewModel vm = console(JobsApi.of(hub.jobs()));
        type(vm, "uptime", "web-1");
        MachineRun run = vm.runs().get(0);
        assertThat(run.stateProperty().get()).isEqualTo(ExecState.FAILED);
        assertThat(run.summaryProperty().get()).isEqualTo("not started");
        assertThat(run.lines()).singleElement().extracting(OutputLine::text).asString().contains("web-1").contains("unreachable");
        assertThat(run.command()).isEqualTo("uptime");
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(vm.canRunProperty().get()).isFalse(); // the command field was emptied
    }

    @Test
    void aStartedRunRefreshesTheJobsListAtOnce() {
        ConsoleViewModel vm = console(jobs);
        type(vm, "uptime", "web-1");
        assertThat(jobs.listings.get()).isEqualTo(1);
    }

    @Test
    void attachingAJobAddsItsTabInFrontWithoutBlockingTheNextRun() {
        ConsoleViewModel vm = console(jobs);
        JobRef ref = new JobRef("web-2", "00000000beef");
        vm.attach(FakeJobs.running(ref, "make test", "mcp:alice"));
        assertThat(vm.runs()).hasSize(1);
        MachineRun attached = vm.runs().get(0);
        assertThat(attached.title()).isEqualTo("web-2:00000000beef");
        assertThat(attached.key()).isEqualTo("web-2-00000000beef");
        assertThat(attached.summaryProperty().get()).isEqualTo("following web-2:00000000beef · started by mcp:alice");
        assertThat(vm.shownProperty().get()).isSameAs(attached);
        assertThat(vm.runningProperty().get()).isFalse();
        jobs.follows.get(ref).out("kept line\n");
        assertThat(attached.lines()).extracting(OutputLine::text).containsExactly("kept line");
    }

    @Test
    void attachingTheSameJobTwiceBringsItsTabToTheFront() {
        ConsoleViewModel vm = console(jobs);
        type(vm, "uptime", "web-1");
        MachineRun own = vm.runs().get(0);
        vm.attach(FakeJobs.running(new JobRef("web-2", "00000000beef"), "make", "cli:bob"));
        vm.attach(FakeJobs.running(own.jobRef(), "uptime", "desktop:test"));
        assertThat(vm.runs()).hasSize(2);
        assertThat(vm.shownProperty().get()).isSameAs(own);
    }

    @Test
    void aNewRunStopsFollowingAttachedJobsButNeverCancelsThem() {
        ConsoleViewModel vm = console(jobs);
        JobRef ref = new JobRef("web-2", "00000000beef");
        vm.attach(FakeJobs.running(ref, "make", "cli:bob"));
        type(vm, "uptime", "web-1");
        assertThat(jobs.follows.get(ref).detached).isTrue();
        assertThat(jobs.cancelled).isEmpty();
        assertThat(vm.runs()).extracting(MachineRun::title).containsExactly("web-1");
    }

    @Test
    void closingTheAppDetachesEveryJobAndCancelsNone() {
        ConsoleViewModel vm = console(jobs);
        type(vm, "sleep 60", "web-1", "web-2");
        vm.detachAll();
        assertThat(jobs.follows.values()).allMatch(f -> f.detached);
        assertThat(jobs.cancelled).isEmpty();
    }

    @Test
    void losingTheMachineWhileFollowingSaysTheJobMayRunOn() {
        ConsoleViewModel vm = console(jobs);
        type(vm, "sleep 60", "web-1");
        jobs.follow(0).ended.completeExceptionally(new fr.interrupt.meshcp.hub.MeshcpException(
                fr.interrupt.meshcp.hub.MeshcpException.Kind.UNREACHABLE, "web-1: machine unreachable"));
        MachineRun run = vm.runs().get(0);
        assertThat(run.followingProperty().get()).isFalse();
        assertThat(run.summaryProperty().get()).isEqualTo("no longer followed: web-1: machine unreachable.");
        assertThat(run.lines()).extracting(OutputLine::text).contains("web-1: machine unreachable. The job may still be running: see Jobs.");
        assertThat(vm.runningProperty().get()).isFalse();
    }

    private static Machine machine(String name) {
        return new Machine(name, "127.0.0.1", 1, "serial-" + name, "sha-" + name, name + ".lan", "Linux", "amd64", "0.1.0",
                Instant.parse("2024-01-01T00:00:00Z"), null);
    }
}
