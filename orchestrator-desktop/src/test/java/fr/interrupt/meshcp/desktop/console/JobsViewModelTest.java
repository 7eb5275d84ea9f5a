package fr.interrupt.meshcp.desktop.console;

import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.hub.HubPaths;
import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.desktop.SameThread;
import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.jobs.ExecState;
import fr.interrupt.meshcp.hub.jobs.FleetJobs;
import fr.interrupt.meshcp.hub.jobs.JobRef;
import fr.interrupt.meshcp.hub.jobs.JobStatus;
import fr.interrupt.meshcp.hub.registry.Machine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Jobs list: rows kept in place across refreshes, the footer of machines not listed, attach and cancel. */
class JobsViewModelTest {
    private static final JobRef BUILD = new JobRef("web-1", "0000000000a1");
    private static final JobRef TESTS = new JobRef("web-2", "0000000000b2");
    private static final JobRef DEPLOY = new JobRef("web-1", "0000000000c3");

    private final FakeJobs jobs = new FakeJobs();
    private final List<JobStatus> attached = new ArrayList<>();
    private final Clock clock = Clock.fixed(FakeJobs.T0.plusSeconds(125), ZoneOffset.UTC);
    private final JobsViewModel vm = new JobsViewModel(jobs, SameThread.dispatch(), clock, attached::add);

    private void listing(JobStatus... statuses) {
        jobs.listing = new FleetJobs(List.of(statuses), Map.of());
    }

    @Test
    void everyFacesJobsAreListedWithTheirColumns() {
        listing(FakeJobs.running(BUILD, "make -j4", "mcp:alice"), FakeJobs.ended(TESTS, "npm test", "cli:bob", ExecState.EXITED, 1));
        vm.refresh();
        assertThat(vm.rows()).extracting(JobRow::job).containsExactly("web-1:0000000000a1", "web-2:0000000000b2");
        JobRow build = vm.rows().get(0);
        assertThat(build.machine()).isEqualTo("web-1");
        assertThat(build.caller()).isEqualTo("mcp:alice");
        assertThat(build.command()).isEqualTo("make -j4");
        assertThat(build.stateProperty().get()).isEqualTo(ExecState.RUNNING);
        assertThat(build.exitProperty().get()).isEmpty();
        assertThat(build.durationProperty().get()).isEqualTo("2m 05s");
        JobRow tests = vm.rows().get(1);
        assertThat(tests.exitProperty().get()).isEqualTo("1");
        assertThat(tests.durationProperty().get()).isEqualTo("1.5 s");
        assertThat(vm.summaryProperty().get()).isEqualTo("1 running · 1 recent");
        assertThat(vm.loadedProperty().get()).isTrue();
    }

    @Test
    void aRefreshUpdatesRowsInPlaceAndPutsNewJobsOnTop() {
        listing(FakeJobs.running(BUILD, "make", "mcp:alice"), FakeJobs.running(TESTS, "npm test", "cli:bob"));
        vm.refresh();
        JobRow build = vm.rows().get(0);
        listing(FakeJobs.running(DEPLOY, "deploy", "desktop:me"), FakeJobs.ended(BUILD, "make", "mcp:alice", ExecState.EXITED, 0));
        vm.refresh();
        assertThat(vm.rows()).extracting(JobRow::ref).containsExactly(DEPLOY, BUILD);
        assertThat(vm.rows().get(1)).isSameAs(build);
        assertThat(build.stateProperty().get()).isEqualTo(ExecState.EXITED);
    }

    @Test
    void machinesThatCouldNotBeListedAreNamedWithTheReason(@TempDir Path dataDir) {
        try (Hub hub = Hub.open(dataDir, "desktop:test")) {
            MachineRegistry.at(new HubPaths(hub.dataDir())).add(new Machine("nas", "127.0.0.1", 1, "serial", "sha", "nas.lan", "Linux", "amd64", "0.1.0",
                    Instant.parse("2024-01-01T00:00:00Z"), null));
            JobsViewModel real = new JobsViewModel(JobsApi.of(hub.jobs()), SameThread.dispatch(), clock, attached::add);
            real.refresh();
            assertThat(real.rows()).isEmpty();
            assertThat(real.unreachableProperty().get()).startsWith("Jobs not listed for nas: ").contains("unreachable");
            assertThat(real.problemProperty().get()).isEmpty();
        }
    }

    @Test
    void onlyARunningJobCanBeCancelled() {
        listing(FakeJobs.running(BUILD, "make", "mcp:alice"), FakeJobs.ended(TESTS, "npm test", "cli:bob", ExecState.EXITED, 0));
        vm.refresh();
        assertThat(vm.canCancelProperty().get()).isFalse();
        vm.selectedProperty().set(vm.rows().get(1));
        assertThat(vm.canAttachProperty().get()).isTrue();
        assertThat(vm.canCancelProperty().get()).isFalse();
        vm.selectedProperty().set(vm.rows().get(0));
        assertThat(vm.canCancelProperty().get()).isTrue();
    }

    @Test
    void cancelCancelsTheSelectedJobAndShowsItsNewState() {
        listing(FakeJobs.running(BUILD, "make", "mcp:alice"));
        vm.refresh();
        vm.selectedProperty().set(vm.rows().get(0));
        vm.cancelSelected();
        assertThat(jobs.cancelled).containsExactly(BUILD);
        assertThat(vm.rows().get(0).stateProperty().get()).isEqualTo(ExecState.CANCELLED);
        assertThat(vm.canCancelProperty().get()).isFalse();
    }

    @Test
    void aRunningJobBecomesCancellableAgainWhenItsRowIsRefreshed() {
        listing(FakeJobs.ended(BUILD, "make", "mcp:alice", ExecState.EXITED, 0));
        vm.refresh();
        vm.selectedProperty().set(vm.rows().get(0));
        assertThat(vm.canCancelProperty().get()).isFalse();
        listing(FakeJobs.running(BUILD, "make", "mcp:alice"));
        vm.refresh();
        assertThat(vm.canCancelProperty().get()).isTrue();
    }

    @Test
    void attachHandsTheSelectedJobToTheOutputArea() {
        listing(FakeJobs.running(BUILD, "make", "mcp:alice"));
        vm.refresh();
        vm.attachSelected();
        assertThat(attached).isEmpty();
        vm.selectedProperty().set(vm.rows().get(0));
        vm.attachSelected();
        assertThat(attached).extracting(JobStatus::ref).containsExactly(BUILD);
    }

    @Test
    void aFailedListingKeepsTheRowsAndSaysWhy() {
        listing(FakeJobs.running(BUILD, "make", "mcp:alice"));
        vm.refresh();
        jobs.listFailure = new fr.interrupt.meshcp.hub.MeshcpException(fr.interrupt.meshcp.hub.MeshcpException.Kind.STATE,
                "registry.json is corrupt");
        vm.refresh();
        assertThat(vm.problemProperty().get()).isEqualTo("Registry.json is corrupt.");
        assertThat(vm.rows()).extracting(JobRow::ref).containsExactly(BUILD);
        assertThat(vm.refreshingProperty().get()).isFalse();
    }
}
