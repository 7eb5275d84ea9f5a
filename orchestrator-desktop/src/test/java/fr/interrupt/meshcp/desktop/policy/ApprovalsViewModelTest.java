package fr.interrupt.meshcp.desktop.policy;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.desktop.SameThread;
import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.policy.ApprovalState;
import fr.interrupt.meshcp.hub.service.ExecOptions;
import fr.interrupt.meshcp.testsupport.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The approvals view model on a real hub's approvals file: what the banner says, when the window is called, a denial. */
class ApprovalsViewModelTest {
    @TempDir
    Path dataDir;

    private final TestClock clock = new TestClock();
    private Hub serve;
    private Hub desktop;
    private ApprovalsViewModel vm;
    private final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void open() {
        serve = Hub.open(dataDir, "mcp:alice", clock);
        desktop = Hub.open(dataDir, "desktop:alice", clock);
        vm = new ApprovalsViewModel(desktop.approvals(), SameThread.dispatch());
        vm.onNewRequest(calls::incrementAndGet);
    }

    @AfterEach
    void close() {
        serve.close();
        desktop.close();
    }

    @Test
    void aNewRequestFillsTheBannerAndCallsTheWindowOnce() {
        vm.checkForChanges();
        assertThat(vm.bannerProperty().get()).isEmpty();
        serve.approvals().request("web-1", "exec", ExecOptions.of("systemctl restart nginx"), "web-*");
        vm.checkForChanges();
        vm.checkForChanges();
        assertThat(vm.countProperty().get()).isEqualTo(1);
        assertThat(vm.bannerProperty().get()).isEqualTo("Claude asks to run \"systemctl restart nginx\" on web-1: approve or deny it.");
        assertThat(vm.selectedProperty().get().command()).isEqualTo("systemctl restart nginx");
        assertThat(calls).hasValue(1);

        serve.approvals().request("db-1", "exec", ExecOptions.of("uptime"), "db-*");
        serve.approvals().request("db-2", "exec", ExecOptions.of("uptime"), "db-*");
        vm.checkForChanges();
        assertThat(vm.bannerProperty().get()).endsWith("on web-1 and 2 more requests wait for you.");
        assertThat(calls).hasValue(2);
    }

    @Test
    void denyingSendsTheReasonAndClearsTheBanner() {
        String id = serve.approvals().request("web-1", "exec", ExecOptions.of("reboot"), "web-1").id();
        vm.checkForChanges();
        vm.denySelected("not now");
        assertThat(vm.countProperty().get()).isZero();
        assertThat(vm.bannerProperty().get()).isEmpty();
        assertThat(vm.statusProperty().get()).isEqualTo("Denied: reboot on web-1");
        assertThat(serve.approvals().require(id).state()).isEqualTo(ApprovalState.DENIED);
        assertThat(serve.approvals().require(id).decidedBy()).isEqualTo("desktop:alice");
        assertThat(serve.approvals().require(id).reason()).isEqualTo("not now");
    }

    @Test
    void anExpiredRequestLeavesTheListAndDecidingItSaysWhy() {
        serve.approvals().request("web-1", "exec", ExecOptions.of("uptime"), "web-1");
        vm.checkForChanges();
        clock.advance(Duration.ofMinutes(10));
        vm.denySelected(null);
        assertThat(vm.statusProperty().get()).contains("is no longer pending: it expired");
        assertThat(vm.countProperty().get()).isZero();
    }
}
