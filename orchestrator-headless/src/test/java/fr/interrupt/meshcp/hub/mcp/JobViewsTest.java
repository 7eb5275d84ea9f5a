package fr.interrupt.meshcp.hub.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.hub.mcp.jobs.Job;
import fr.interrupt.meshcp.hub.mcp.jobs.JobRegistry;
import fr.interrupt.meshcp.hub.service.ExecListener;
import fr.interrupt.meshcp.hub.service.ExecOptions;
import fr.interrupt.meshcp.hub.service.ExecOutcome;
import fr.interrupt.meshcp.hub.service.RunningExec;
import fr.interrupt.meshcp.testsupport.SchemaCheck;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class JobViewsTest {
    private ExecListener listener;
    private final CompletableFuture<ExecOutcome> outcome = new CompletableFuture<>();
    private final JobRegistry jobs = new JobRegistry((machine, options, l) -> {
        listener = l;
        return new RunningExec() {
            @Override
            public String machine() {
                return machine;
            }

            @Override
            public CompletableFuture<ExecOutcome> outcome() {
                return outcome;
            }

            @Override
            public void cancel() {
                outcome.complete(new ExecOutcome(machine, -1, Duration.ZERO, false, false, true, 0));
            }
        };
    }, Clock.systemUTC(), new JobRegistry.Limits(1000, 1000, Duration.ofMinutes(30), 10, 10));

    private void out(String text) {
        listener.onOutput("web1", ExecListener.OutputKind.STDOUT, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRunningJobSaysHowToFollowIt() {
        Job job = jobs.start("web1", ExecOptions.of("make"));
        out("compiling\n");

        Map<String, Object> view = JobViews.view(job, 40_000, false).structured();
        assertThat(view).containsEntry("state", "running").containsEntry("job_id", job.id()).containsEntry("exit_code", null);
        assertThat((String) view.get("note")).contains("job_wait {\"job_id\": \"" + job.id() + "\"}");
        assertThat(SchemaCheck.violations(JobViews.schema(), view)).isEmpty();
    }

    @Test
    void aFinishedJobWithAllItsOutputNeedsNoId() {
        Job job = jobs.start("web1", ExecOptions.of("echo hi"));
        out("hi\n");
        outcome.complete(new ExecOutcome("web1", 0, Duration.ofMillis(3), false, false, false, 3));

        JobViews.View view = JobViews.view(job, 40_000, false);
        assertThat(view.complete()).isTrue();
        assertThat(view.structured()).containsEntry("job_id", null).containsEntry("stdout", "hi\n").containsEntry("exit_code", 0)
                .containsEntry("note", null);
        assertThat(view.text()).startsWith("web1$ echo hi\nexit 0 in 3 ms");
    }

    @Test
    void outputTheAgentDroppedIsNamedWithWhereToFindTheRest() {
        Job job = jobs.start("web1", ExecOptions.of("yes"));
        out("y\n".repeat(3000));
        outcome.complete(new ExecOutcome("web1", 0, Duration.ofMillis(3), true, false, false, 6000));

        Map<String, Object> view = JobViews.view(job, 500, false).structured();
        assertThat(view).containsEntry("output_complete", false).containsEntry("agent_truncated", true);
        assertThat((String) view.get("note")).contains("max_output_bytes").contains("job_output");
        assertThat(SchemaCheck.violations(JobViews.schema(), view)).isEmpty();
    }

    @Test
    void jobOutputReadsByOffsetAndSkipsWhatTheJobCapDropped(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dataDir) {
        Job job = jobs.start("web1", ExecOptions.of("seq"));
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            all.append(String.format("%04d\n", i));
        }
        out(all.toString());
        outcome.complete(new ExecOutcome("web1", 0, Duration.ofMillis(3), false, false, false, 5000));
        ToolDef jobOutput = new JobTools(jobs).all().stream().filter(d -> d.name().equals("job_output")).findFirst().orElseThrow();
        ToolContext context = new ToolContext(HubHandle.of(fr.interrupt.meshcp.hub.Hub.open(dataDir, "mcp:test")), Progress.none(),
                Cancellation.none());

        Map<String, Object> first = structured(McpServerFactory.invoke(jobOutput, context, Map.of("job_id", job.id(), "max_bytes", 10)));
        assertThat(first).containsEntry("text", "0000\n0001\n").containsEntry("next_offset", 10L).containsEntry("eof", false);

        Map<String, Object> gap = structured(McpServerFactory.invoke(jobOutput, context, Map.of("job_id", job.id(), "offset", 2000)));
        assertThat(gap.get("offset")).isEqualTo(4000L);
        assertThat((String) gap.get("text")).startsWith("0800\n").endsWith("0999\n");
        assertThat((String) gap.get("note")).contains("bytes 1000 to 4000 were not kept");
        assertThat(gap).containsEntry("eof", true);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> structured(io.modelcontextprotocol.spec.McpSchema.CallToolResult result) {
        assertThat(result.isError()).as(String.valueOf(result.content())).isFalse();
        return (Map<String, Object>) result.structuredContent();
    }

    @Test
    void aTimeoutTellsHowToAllowMoreTime() {
        Job job = jobs.start("web1", ExecOptions.of("sleep 999"));
        outcome.complete(new ExecOutcome("web1", -1, Duration.ofSeconds(300), false, true, false, 0));

        Map<String, Object> view = JobViews.view(job, 40_000, false).structured();
        assertThat(view).containsEntry("state", "timed_out").containsEntry("exit_code", -1);
        assertThat((String) view.get("note")).contains("timeout_seconds").contains("max_timeout_seconds");
    }
}
