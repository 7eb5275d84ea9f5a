package fr.interrupt.meshcp.hub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.jobs.ExecState;
import fr.interrupt.meshcp.hub.jobs.JobRef;
import fr.interrupt.meshcp.hub.jobs.JobStatus;
import fr.interrupt.meshcp.hub.service.ExecOptions;
import fr.interrupt.meshcp.hub.support.InProcessFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Approval requests against a real agent in-process: who starts the job, once; denial; expiry; the hour's allow. */
class ApprovalServiceTest {
    @TempDir
    Path dataDir;

    private InProcessFleet fleet;
    private ApprovalService approvals;

    @BeforeEach
    void start() {
        fleet = InProcessFleet.open(dataDir);
        fleet.addAgent("web-1", Capabilities.DEFAULT);
        fleet.hub().policy().set("web-1", PolicyMode.ASK);
        approvals = fleet.hub().approvals();
    }

    @AfterEach
    void stop() {
        fleet.close();
    }

    private Approval ask(String command) {
        return approvals.request("web-1", "exec", ExecOptions.of(command), "web-1");
    }

    @Test
    void aRequestWaitsAsPendingUntilAPersonApprovesItThenItsJobRunsUnderTheRequestersName() throws Exception {
        Approval asked = ask("echo approved");
        assertThat(asked.id()).matches("ap-[0-9a-f]{8}");
        assertThat(ApprovalService.isApprovalId(asked.id())).isTrue();
        assertThat(approvals.pending()).extracting(Approval::id).containsExactly(asked.id());
        assertThat(fleet.hub().jobs().listAll().jobs()).isEmpty();

        Approval started = approvals.approve(asked.id(), false);
        assertThat(started.state()).isEqualTo(ApprovalState.STARTED);
        assertThat(started.decidedBy()).isEqualTo("test");
        JobStatus job = fleet.hub().jobs().await(JobRef.parse(started.job()), Duration.ofSeconds(20));
        assertThat(job.state()).isEqualTo(ExecState.EXITED);
        assertThat(job.caller()).isEqualTo(asked.caller());
        assertThat(approvals.pending()).isEmpty();
        assertThat(approvals.await(asked.id(), Duration.ZERO).job()).isEqualTo(started.job());
    }

    @Test
    void twoApproversAtOnceStartTheCommandExactlyOnce() {
        Approval asked = ask("echo once");
        List<CompletableFuture<Approval>> approvers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            approvers.add(CompletableFuture.supplyAsync(() -> approvals.approve(asked.id(), false)));
        }
        int won = 0;
        for (CompletableFuture<Approval> approver : approvers) {
            try {
                approver.join();
                won++;
            } catch (CompletionException e) {
                assertThat(e.getCause()).isInstanceOf(MeshcpException.class).hasMessageContaining("is no longer pending");
            }
        }
        assertThat(won).isEqualTo(1);
        assertThat(fleet.hub().jobs().listAll().jobs()).hasSize(1);
    }

    @Test
    void aDeniedRequestNeverRunsAndSaysWhoDeniedItAndWhy() {
        Approval asked = ask("rm -rf /srv/data");
        Approval denied = approvals.deny(asked.id(), "not on a Friday");
        assertThat(denied.state()).isEqualTo(ApprovalState.DENIED);
        assertThat(approvals.whyItWillNotRun(denied)).hasValue("a person at the hub (test) denied this: not on a Friday");
        assertThatThrownBy(() -> approvals.approve(asked.id(), false)).hasMessageContaining("is no longer pending: denied by test");
        assertThat(fleet.hub().jobs().listAll().jobs()).isEmpty();
    }

    @Test
    void aRequestNobodyDecidesExpiresAfterTenMinutes() {
        Approval asked = ask("echo late");
        fleet.clock().advance(Duration.ofMinutes(9));
        assertThat(approvals.pending()).hasSize(1);
        fleet.clock().advance(Duration.ofMinutes(1));
        assertThat(approvals.pending()).isEmpty();
        Approval expired = approvals.require(asked.id());
        assertThat(expired.state(approvals.now())).isEqualTo(ApprovalState.EXPIRED);
        assertThat(approvals.whyItWillNotRun(expired).orElseThrow()).contains("expired unapproved after 10m");
        assertThatThrownBy(() -> approvals.approve(asked.id(), false)).isInstanceOfSatisfying(MeshcpException.class,
                e -> assertThat(e.kind()).isEqualTo(MeshcpException.Kind.CONFLICT)).hasMessageContaining("it expired");
        assertThat(fleet.hub().jobs().listAll().jobs()).isEmpty();
    }

    @Test
    void approvingForAnHourLetsTheSameCommandThroughWithoutAsking() {
        Approval asked = ask("systemctl status nginx");
        approvals.approve(asked.id(), true);
        PolicyDecision again = fleet.hub().policy().decide(new ToolRequest("exec", "web-1", ToolAccess.RUN,
                "systemctl status nginx", null));
        assertThat(again.verdict()).isEqualTo(PolicyDecision.Verdict.ALLOW);
    }

    @Test
    void approvalsAndDenialsAreAuditedWithWhoDecided() throws Exception {
        approvals.approve(ask("echo a").id(), false);
        approvals.deny(ask("echo b").id(), null);
        String audit = Files.readString(fleet.hub().dataDir().resolve("audit.log"));
        assertThat(audit).contains("\"action\":\"approve\"").contains("\"action\":\"deny\"").contains("\"requested_by\":\"test\"");
    }

    @Test
    void anUnknownIdIsNotFound() {
        assertThatThrownBy(() -> approvals.approve("ap-00000000", false)).isInstanceOfSatisfying(MeshcpException.class,
                e -> assertThat(e.kind()).isEqualTo(MeshcpException.Kind.NOT_FOUND))
                .hasMessageContaining("orchestrator-headless approvals");
    }
}
