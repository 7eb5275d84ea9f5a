package fr.interrupt.meshcp.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.service.ExecOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** policy, approvals, approve and deny run in-process: their output, their exit codes, their words for bad input. */
class PolicyCliTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = dir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = CliFactory.create(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()).execute(all);
        Run result = new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        assertThat(result.err() + result.out()).doesNotContain("\tat ").doesNotContain("Exception");
        return result;
    }

    @Test
    void aNewHubSaysEveryMachineIsAllowedAndHowToNarrowIt() {
        Run shown = run("policy");
        assertThat(shown.code()).isZero();
        assertThat(shown.out()).contains("No rules").contains("mode allow").contains("policy set 'db-*' read-only");
    }

    @Test
    void rulesAreSetShownMostSpecificFirstAndExplained() {
        assertThat(run("policy", "set", "*", "ask").out()).isEqualTo("Rule '*': ask.\n");
        assertThat(run("policy", "set", "db-1", "read-only").code()).isZero();
        assertThat(run("policy", "deny-command", "*", "*rm -rf*").out()).isEqualTo("Rule '*' denies: *rm -rf*.\n");
        assertThat(run("policy", "allow-path", "db-1", "/var/lib/postgresql/").out())
                .isEqualTo("Rule 'db-1' allows paths: /var/lib/postgresql.\n");
        String table = run("policy").out();
        assertThat(table.lines().toList()).hasSize(3);
        assertThat(table.lines().skip(1).findFirst().orElseThrow()).startsWith("db-1").contains("read-only").contains("/var/lib/postgresql");
        assertThat(run("policy", "explain", "db-1").out()).contains("db-1: read-only by rule 'db-1'")
                .contains("'*rm -rf*' (rule '*')");
        assertThat(run("policy", "unset", "db-1").out()).isEqualTo("Removed rule 'db-1'.\n");
    }

    @Test
    void badInputIsAUsageErrorAndAMissingRuleIsNotFound() {
        Run mode = run("policy", "set", "db-*", "readonly");
        assertThat(mode.code()).isEqualTo(2);
        assertThat(mode.err()).contains("unknown policy mode \"readonly\": use one of read-only, ask, allow");
        assertThat(run("policy", "set", "DB", "ask").code()).isEqualTo(2);
        Run missing = run("policy", "deny-command", "web-*", "reboot");
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.err()).contains("create it first with `orchestrator-headless policy set web-* MODE`");
    }

    @Test
    void approvalsListsWhatWaitsAndDenyDecidesIt() {
        String id;
        try (Hub serve = Hub.open(dir, "mcp:alice")) {
            id = serve.approvals().request("web-1", "exec", ExecOptions.of("systemctl restart nginx"), "web-*").id();
        }
        Run listed = run("approvals");
        assertThat(listed.out()).startsWith("ID").contains(id).contains("pending").contains("web-1").contains("mcp:alice")
                .contains("systemctl restart nginx");
        assertThat(run("deny", id, "--reason", "not today").out()).isEqualTo("Denied " + id + " (web-1$ systemctl restart nginx).\n");
        assertThat(run("approvals").out()).isEqualTo("No request waits for approval.\n");
        assertThat(run("approvals", "--all").out()).contains("denied").contains("cli:");
        Run again = run("approve", id);
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("is no longer pending: denied by cli:");
        Run unknown = run("approve", "ap-00000000");
        assertThat(unknown.code()).isEqualTo(3);
        assertThat(unknown.err()).contains("unknown approval request \"ap-00000000\"");
    }
}
