package fr.interrupt.meshcp.agent.config;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Renders agent.yaml in the seed's format, with its comments, so a person can edit it afterwards. */
public final class ConfigWriter {
    private static final Pattern PLAIN = Pattern.compile("^[A-Za-z0-9_/][A-Za-z0-9_./+-]*$");

    public String render(AgentConfig config) {
        Capabilities c = config.capabilities();
        ShellConfig shell = c.shell();
        FilesConfig files = c.files();
        StringBuilder out = new StringBuilder();
        out.append("# meshcp agent configuration. Restart the agent after changing it.\n");
        out.append("machine_name: ").append(config.machineName()).append('\n');
        out.append("listen_addr: ").append(quoted(config.listen().toString())).append('\n');
        out.append("creds_dir: ").append(scalar(config.credsDir().toString())).append('\n');
        if (!config.labels().isEmpty()) {
            out.append("labels:\n");
            config.labels().forEach((k, v) -> out.append("  ").append(scalar(k)).append(": ").append(quoted(v)).append('\n'));
        }
        out.append('\n');
        out.append("capabilities:\n");
        out.append("  shell:\n");
        out.append("    enabled: ").append(shell.enabled()).append('\n');
        out.append("    max_timeout_seconds: ").append(shell.maxTimeoutSeconds()).append('\n');
        out.append("    # Restrict to specific commands (leave empty to allow all):\n");
        if (shell.allowedCommands().isEmpty()) {
            out.append("    # allowed_commands: [ls, cat, docker, systemctl, journalctl]\n");
        } else {
            out.append("    allowed_commands: ").append(list(shell.allowedCommands())).append('\n');
        }
        if (shell.maxOutputMb() != ShellConfig.DEFAULT.maxOutputMb()) {
            out.append("    max_output_mb: ").append(shell.maxOutputMb()).append('\n');
        }
        if (shell.maxConcurrent() != ShellConfig.DEFAULT.maxConcurrent()) {
            out.append("    max_concurrent: ").append(shell.maxConcurrent()).append('\n');
        }
        jobs(out, shell);
        out.append("  files:\n");
        out.append("    enabled: ").append(files.enabled()).append('\n');
        out.append("    max_file_size_mb: ").append(files.maxFileSizeMb()).append('\n');
        out.append("    # Restrict to specific path prefixes (leave empty to allow all):\n");
        if (files.allowedPaths().isEmpty()) {
            out.append("    # allowed_paths: [/home, /etc/nginx, /var/log]\n");
        } else {
            out.append("    allowed_paths: ").append(list(files.allowedPaths().stream().map(Object::toString).toList())).append('\n');
        }
        if (files.allowHardLinks()) {
            out.append("    allow_hard_links: true\n");
        }
        out.append("  system:\n");
        out.append("    enabled: ").append(c.system().enabled()).append('\n');
        out.append("  docker:\n");
        out.append("    enabled: ").append(c.docker().enabled()).append('\n');
        if (!c.docker().socket().equals(DockerConfig.DEFAULT_SOCKET)) {
            out.append("    socket: ").append(scalar(c.docker().socket().toString())).append('\n');
        }
        return out.toString();
    }

    /** The job keys that differ from their defaults, under one comment (nothing at the defaults: the seed's layout). */
    private static void jobs(StringBuilder out, ShellConfig shell) {
        ShellConfig d = ShellConfig.DEFAULT;
        if (shell.jobHeadKb() == d.jobHeadKb() && shell.jobTailKb() == d.jobTailKb() && shell.finishedJobsKept() == d.finishedJobsKept()
                && shell.finishedJobTtlMinutes() == d.finishedJobTtlMinutes()) {
            return;
        }
        out.append("    # Jobs keep, per stream, the first and the last KiB of output; finished jobs are kept this many, this long:\n");
        job(out, "job_head_kb", shell.jobHeadKb(), d.jobHeadKb());
        job(out, "job_tail_kb", shell.jobTailKb(), d.jobTailKb());
        job(out, "finished_jobs_kept", shell.finishedJobsKept(), d.finishedJobsKept());
        job(out, "finished_job_ttl_minutes", shell.finishedJobTtlMinutes(), d.finishedJobTtlMinutes());
    }

    private static void job(StringBuilder out, String key, int value, int fallback) {
        if (value != fallback) {
            out.append("    ").append(key).append(": ").append(value).append('\n');
        }
    }

    private static String list(List<String> values) {
        return values.stream().map(ConfigWriter::scalar).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String scalar(String value) {
        return PLAIN.matcher(value).matches() ? value : quoted(value);
    }

    /** A YAML double-quoted scalar (JSON escaping is valid YAML). */
    private static String quoted(String value) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : value.toCharArray()) {
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
