package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.shared.text.ByteSizes;
import fr.interrupt.meshcp.shared.text.Durations;
import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.service.ExecListener;
import fr.interrupt.meshcp.hub.service.ExecOptions;
import fr.interrupt.meshcp.hub.service.ExecOutcome;
import fr.interrupt.meshcp.hub.service.CancelSignal;
import fr.interrupt.meshcp.hub.service.FanOut;
import fr.interrupt.meshcp.hub.jobs.ExecState;
import fr.interrupt.meshcp.hub.jobs.JobStatus;
import fr.interrupt.meshcp.hub.service.RunningExec;
import fr.interrupt.meshcp.shared.labels.LabelSelector;
import fr.interrupt.meshcp.hub.service.SessionOptions;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "exec", mixinStandardHelpOptions = true, sortOptions = false,
        customSynopsis = {
            "exec NAME [OPTIONS] -- CMD [ARGS...]",
            "       exec -t NAME [OPTIONS] [-- CMD [ARGS...]]",
            "       exec NAME,NAME... [OPTIONS] -- CMD [ARGS...]",
            "       exec (--all | -m NAME [-m NAME]...) [OPTIONS] -- CMD [ARGS...]",
            "       exec -l SELECTOR [OPTIONS] -- CMD [ARGS...]",
            ""
        },
        description = {
            "Run a command on one machine, or on several at once.",
            "",
            "Machines come before --, the command after it; the -- is required. Before it: one name, several "
                    + "names separated by commas (a,b) or spaces, or none with --all, -m NAME (repeatable) or -l SELECTOR (labels).",
            "",
            "The remote command line: a single CMD word is sent as is, to be run by the agent's shell "
                    + "(exec web -- 'df -h | grep /srv'); several words are each quoted for a POSIX shell where "
                    + "needed and joined with spaces (exec web -- ls -la \"/my dir\" runs ls -la '/my dir').",
            "",
            "One machine: its stdout and stderr stream to yours as they come; the exit code is the remote one, "
                    + "124 when the command was killed at --timeout (like timeout(1)), 130 when cancelled. "
                    + "Ctrl-C cancels the command: the agent kills its whole process tree.",
            "",
            "Several machines: at most --parallel run at once; every output line is prefixed with 'NAME | ' "
                    + "(lines never mix); a summary table (machine, exit, duration) ends on stderr. "
                    + "The exit code is 0 only if the command succeeded on every machine, else 1.",
            "",
            "Every command runs as a job on its agent. In the foreground the job is tied to this process (Ctrl-C or a lost "
                    + "connection kills it); with --detach it is not: the job id (MACHINE:ID) is printed and the command runs on "
                    + "whatever happens here. Follow it with 'jobs attach ID', list with 'jobs', stop with 'jobs cancel ID'.",
            "",
            "stdin: on one machine, when stdin is not a terminal (a pipe or a file), it is streamed to the command and its end "
                    + "closes the command's stdin (echo hi | exec web -- cat; tar c . | exec web -- tar x -C /srv). With several "
                    + "machines, or when stdin is a terminal without -t, the command's stdin is closed.",
            "",
            "-t: the command runs on a pseudo-terminal on the machine (full-screen programs such as top, window size changes "
                    + "followed); without a command, a login shell. The local terminal is in raw mode, so Ctrl-C reaches the remote "
                    + "command. Needs stdin to be a terminal: otherwise, as ssh does, it says so and runs without one. The agent's "
                    + "allowed_commands still applies (no login shell then).",
            "",
            "A command is finished when its main process exits, even if background children (nohup ... &) still hold its "
                    + "output: they are left running and their later output is not collected, as under ssh.",
            ""
        })
final class ExecCommand implements Callable<Integer> {
    static final String MISSING_SEPARATOR = "missing -- before the command: exec NAME -- CMD [ARGS...]";
    /** ssh's words for -t without a local terminal. */
    static final String NO_TERMINAL = "pseudo-terminal will not be allocated because stdin is not a terminal";
    static final int EXIT_TIMEOUT = 124;
    static final int EXIT_CANCELLED = 130;
    /** 128 + SIGPIPE, what a shell shows for a command whose reader went away. */
    static final int EXIT_BROKEN_PIPE = 141;

    @ParentCommand
    OrchestratorCommand root;
    @Spec
    CommandSpec spec;

    @Option(names = "--all", description = "Run on every enrolled machine.")
    boolean all;

    @Option(names = {"-m", "--machine"}, paramLabel = "NAME", description = "A machine to run on (repeatable).")
    List<String> machineOptions = new ArrayList<>();

    @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR",
            description = "Run on the machines whose labels match (see 'machines'), Kubernetes syntax: env=prod, env!=dev, "
                    + "'env in (prod,staging)', role, !role; commas mean and. An offline machine is matched on the labels it "
                    + "last reported and fails alone. No match is an error.")
    String selector;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Kill the command (and its children) after this long. Default: the agent's max_timeout_seconds. "
                    + "Above that limit, a warning says so and the command runs; the agent kills it at its limit.")
    Integer timeoutSeconds;

    @Option(names = {"-d", "--detach"}, description = "Start the command as a job that outlives this process; print its id "
            + "(MACHINE:ID) and return at once.")
    boolean detach;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "" + FanOut.DEFAULT_PARALLELISM,
            description = "With several machines: how many run at once. Default: ${DEFAULT-VALUE}.")
    int parallel;

    @Option(names = {"-t", "--tty"}, description = "Run on a pseudo-terminal on the machine, the local terminal in raw mode "
            + "(like ssh -t). Without a command: a login shell.")
    boolean tty;

    @Option(names = "--cwd", paramLabel = "DIR", description = "Working directory on the machine (absolute).")
    String workingDirectory;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE", description = "An environment variable for the command (repeatable).")
    Map<String, String> env = new LinkedHashMap<>();

    @Parameters(paramLabel = "WORDS", description = "MACHINES -- CMD [ARGS...]")
    List<String> words = new ArrayList<>();

    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        ExecLine line = ExecLine.split(words, spec.commandLine().getParseResult().expandedArgs());
        if (line == null && tty) {
            line = new ExecLine(ExecLine.names(words), List.of()); // exec -t NAME: a login shell
        }
        if (line == null) {
            return usage(MISSING_SEPARATOR);
        }
        if (line.command().isEmpty() && !tty) {
            return usage("missing the command after --: exec NAME -- CMD [ARGS...]");
        }
        List<String> named = new ArrayList<>(line.machines());
        named.addAll(ExecLine.names(machineOptions));
        named = ExecLine.names(named);
        if (selector != null && (all || !named.isEmpty())) {
            return usage("give machine names, --all or -l SELECTOR, only one of them");
        }
        LabelSelector matching = null;
        if (selector != null) {
            try {
                matching = Selectors.parse(selector);
            } catch (MeshcpException e) {
                return usage(e.getMessage());
            }
        }
        if (all && !named.isEmpty()) {
            return usage("give machine names or --all, not both");
        }
        if (!all && named.isEmpty() && matching == null) {
            return usage("which machine? exec NAME -- CMD, exec a,b -- CMD, or exec --all -- CMD");
        }
        if (tty && (all || named.size() > 1 || detach || matching != null)) {
            return usage("-t runs one command on one machine, in the foreground: not with several machines, --all, -l or --detach");
        }
        if (tty && json.enabled) {
            return usage("-t shows a terminal, --json a document: choose one");
        }
        if (parallel < 1) {
            return usage("--parallel must be at least 1");
        }
        if (timeoutSeconds != null && timeoutSeconds < 1) {
            return usage("--timeout must be at least 1 second");
        }
        ExecOptions options = line.command().isEmpty() ? null : new ExecOptions(ShellWords.join(line.command()),
                timeoutSeconds == null ? null : Duration.ofSeconds(timeoutSeconds), workingDirectory, env, 0);
        try (CancelOnExit interrupts = CancelOnExit.install(); Hub hub = root.openHub("cli")) {
            List<String> targets = matching != null ? hub.machines().select(matching).stream().map(Machine::name).toList()
                    : all ? hub.machines().list().stream().map(Machine::name).toList() : named;
            if (targets.isEmpty()) {
                throw new MeshcpException(MeshcpException.Kind.NOT_FOUND,
                        "no machine is enrolled yet: create a token with 'token create NAME'");
            }
            targets.forEach(hub.machines()::require);
            if (timeoutSeconds != null) {
                PrintWriter err = spec.commandLine().getErr();
                TimeoutLimits.warnings(hub, targets, timeoutSeconds).forEach(warning -> err.println("exec: warning: " + warning));
                err.flush();
            }
            if (json.enabled) {
                return json(hub, targets, options, interrupts);
            }
            if (detach) {
                return detached(hub, targets, options);
            }
            if (all || matching != null || targets.size() > 1) {
                return fanOut(hub, targets, options, interrupts);
            }
            LocalInput input = LocalInput.of(root.streams());
            if (tty && input.terminal()) {
                return TerminalExec.run(hub, targets.get(0), options, root.streams(), spec.commandLine().getErr(), interrupts);
            }
            if (tty) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("exec: " + NO_TERMINAL);
                err.flush();
                if (options == null) {
                    return usage("a login shell needs a terminal: run exec -t NAME from one, or give the command after --");
                }
            }
            if (input.forwardable()) {
                SessionOptions session = new SessionOptions(options, true, null);
                return single(hub, targets.get(0), options, interrupts,
                        listener -> hub.execSessions().start(targets.get(0), session, input.stream(), listener));
            }
            return single(hub, targets.get(0), options, interrupts);
        }
    }

    /** --detach: start a job on each machine and print its id; the jobs outlive this process. */
    private int detached(Hub hub, List<String> targets, ExecOptions options) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int failed = 0;
        for (FanOut.Each<JobStatus> each : hub.jobs().startMany(targets, options, parallel)) {
            if (each.ok() && each.value().state() != ExecState.FAILED) {
                out.println(each.value().ref());
            } else if (each.ok()) {
                failed++;
                err.println("exec: " + each.machine() + ": " + each.value().outcomeWords());
            } else {
                failed++;
                err.println("exec: " + each.error().getMessage());
            }
        }
        out.flush();
        if (failed == targets.size() && targets.size() == 1) {
            return CliFactory.EXIT_FAILURE;
        }
        return failed == 0 ? 0 : CliFactory.EXIT_FAILURE;
    }

    /**
     * --json: nothing is streamed; once every machine is done, one document (docs/CLI-JSON.md) with each machine's result
     * and the last part of its output. Exit codes as without --json.
     */
    private int json(Hub hub, List<String> targets, ExecOptions options, CancelOnExit interrupts) {
        PrintWriter out = spec.commandLine().getOut();
        if (detach) {
            List<FanOut.Each<JobStatus>> started = hub.jobs().startMany(targets, options, parallel);
            JsonOutput.print(out, ExecJson.started(options.command(), started));
            return started.stream().allMatch(e -> e.ok() && e.value().state() != ExecState.FAILED) ? 0 : CliFactory.EXIT_FAILURE;
        }
        CollectedOutput output = new CollectedOutput();
        Thread caller = Thread.currentThread();
        interrupts.onCancel(caller::interrupt);
        List<FanOut.Each<ExecOutcome>> results = hub.exec().runMany(targets, options, output, parallel);
        boolean cancelled = interrupts.triggered() || Thread.interrupted();
        JsonOutput.print(out, ExecJson.ran(options.command(), results, output));
        if (cancelled) {
            return EXIT_CANCELLED;
        }
        if (targets.size() == 1 && results.get(0).value() != null) {
            return exitCode(results.get(0).value());
        }
        return results.stream().allMatch(r -> r.value() != null && r.value().succeeded()) ? 0 : CliFactory.EXIT_FAILURE;
    }

    private int single(Hub hub, String machine, ExecOptions options, CancelOnExit interrupts) {
        return single(hub, machine, options, interrupts, listener -> hub.exec().start(machine, options, listener));
    }

    /** One machine in the foreground; {@code starter} starts the command with the listener (Exec, or ExecSession with stdin). */
    private int single(Hub hub, String machine, ExecOptions options, CancelOnExit interrupts, Function<ExecListener, RunningExec> starter) {
        CliStreams streams = root.streams();
        // stdout closed (exec ... | head) stops the command, as SIGPIPE would locally, even before it is known
        CancelSignal stdoutClosed = new CancelSignal();
        ExecListener listener = new ExecListener() {
            @Override
            public void onOutput(String name, OutputKind kind, byte[] chunk) {
                PrintStream target = kind == OutputKind.STDERR ? streams.err() : streams.out();
                target.write(chunk, 0, chunk.length);
                if (target.checkError() && kind == OutputKind.STDOUT) {
                    stdoutClosed.fire();
                }
            }

            @Override
            public void onGap(String name, OutputKind kind, long from, long to) {
                streams.out().flush();
                streams.err().println();
                streams.err().println("exec: " + name + ": " + kind.label() + " bytes " + from + " to " + to + " ("
                        + ByteSizes.format(to - from) + ") not shown: the agent streams at most its max_output_mb and keeps "
                        + "the last part, which follows");
                streams.err().flush();
            }
        };
        RunningExec running = starter.apply(listener);
        stdoutClosed.onCancel(running::cancel);
        interrupts.onCancel(running::cancel);
        ExecOutcome outcome = running.await();
        PrintWriter err = spec.commandLine().getErr();
        if (stdoutClosed.fired()) {
            return EXIT_BROKEN_PIPE;
        }
        if (outcome.cancelled()) {
            err.println("exec: " + machine + ": cancelled; the agent kills the command and its children");
        } else if (outcome.timedOut() || outcome.truncated() || !inExitRange(outcome.exitCode())) {
            err.println("exec: " + machine + ": " + outcome.summary());
        }
        return exitCode(outcome);
    }

    private int fanOut(Hub hub, List<String> targets, ExecOptions options, CancelOnExit interrupts) {
        CliStreams streams = root.streams();
        PrefixedOutput output = new PrefixedOutput(streams.out(), streams.err(), targets);
        Thread caller = Thread.currentThread();
        interrupts.onCancel(caller::interrupt);
        List<FanOut.Each<ExecOutcome>> results = hub.exec().runMany(targets, options, output, parallel);
        output.finish();
        if (interrupts.triggered() || Thread.interrupted()) {
            summarize(results);
            spec.commandLine().getErr().println("exec: cancelled; the agents kill the commands still running");
            return EXIT_CANCELLED;
        }
        return summarize(results);
    }

    private int summarize(List<FanOut.Each<ExecOutcome>> results) {
        PrintWriter err = spec.commandLine().getErr();
        Table table = new Table("MACHINE", "EXIT", "DURATION", "NOTE");
        int succeeded = 0;
        for (FanOut.Each<ExecOutcome> r : results) {
            ExecOutcome o = r.value();
            if (o == null) {
                table.row(r.machine(), "-", "-", r.error().getMessage());
                continue;
            }
            if (o.succeeded()) {
                succeeded++;
            }
            String exit = o.timedOut() ? "timeout" : o.cancelled() ? "cancelled" : String.valueOf(o.exitCode());
            table.row(r.machine(), exit, Durations.human(o.duration()), o.truncated() ? "middle of the output not shown" : "");
        }
        err.println();
        table.print(err);
        err.println(succeeded + " of " + results.size() + " machines succeeded");
        return succeeded == results.size() ? 0 : CliFactory.EXIT_FAILURE;
    }

    /** The remote exit code, or 124 (timeout) / 130 (cancelled) like a local shell would show. */
    static int exitCode(ExecOutcome outcome) {
        return exitCode(outcome.state(), outcome.exitCode());
    }

    /** The exit code for a command that ended in {@code state}: shared by exec and 'jobs attach'. */
    static int exitCode(ExecState state, int exit) {
        switch (state) {
            case TIMED_OUT:
                return EXIT_TIMEOUT;
            case CANCELLED:
                return EXIT_CANCELLED;
            case EXITED:
                return inExitRange(exit) ? exit : CliFactory.EXIT_FAILURE;
            default:
                return CliFactory.EXIT_FAILURE;
        }
    }

    private static boolean inExitRange(int code) {
        return code >= 0 && code <= 255;
    }

    private int usage(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("error: " + message);
        err.println("see: " + spec.qualifiedName() + " --help");
        return CliFactory.EXIT_USAGE;
    }
}
