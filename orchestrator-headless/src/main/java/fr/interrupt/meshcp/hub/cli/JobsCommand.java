package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.shared.text.Durations;
import fr.interrupt.meshcp.shared.text.ByteSizes;
import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.jobs.Attachment;
import fr.interrupt.meshcp.hub.jobs.FleetJobs;
import fr.interrupt.meshcp.hub.jobs.JobRef;
import fr.interrupt.meshcp.hub.jobs.JobStatus;
import fr.interrupt.meshcp.hub.mcp.SharedViews;
import fr.interrupt.meshcp.hub.service.ExecListener;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = {
            "List the jobs the agents keep: commands running now and recently finished ones, whoever started them "
                    + "(cli, mcp or desktop, see CALLER), newest first.",
            "",
            "Every exec runs as a job on its agent; 'exec --detach' starts one that outlives this process. A job is named "
                    + "MACHINE:ID; the ID alone works when only one machine has it."
        },
        subcommands = {JobsCommand.Attach.class, JobsCommand.Cancel.class})
final class JobsCommand implements Callable<Integer> {
    @ParentCommand
    OrchestratorCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MACHINE", arity = "0..*", description = "Only these machines (default: every enrolled machine).")
    List<String> machines = new ArrayList<>();
    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        try (Hub hub = root.openHub("cli")) {
            List<String> names = ExecLine.names(machines);
            FleetJobs fleet = names.isEmpty() ? hub.jobs().listAll() : hub.jobs().list(new ArrayList<>(new LinkedHashSet<>(names)));
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Clock clock = Clock.systemUTC();
            if (json.enabled) {
                JsonOutput.print(out, SharedViews.jobList(fleet, clock));
            } else if (fleet.jobs().isEmpty()) {
                out.println("No jobs." + (fleet.unreachable().isEmpty() ? " Start one with: exec --detach NAME -- CMD" : ""));
            } else {
                Table table = new Table("JOB", "STATE", "EXIT", "STARTED", "DURATION", "CALLER", "COMMAND");
                for (JobStatus job : fleet.jobs()) {
                    table.row(job.ref().toString(), job.state().label(), exit(job), Durations.ago(job.startedAt(), clock.instant()),
                            Durations.human(job.elapsed(clock)), job.caller(), oneLine(job.command()));
                }
                table.print(out);
            }
            fleet.unreachable().forEach((machine, reason) -> err.println("jobs: " + machine + ": not listed: " + reason));
            return fleet.unreachable().isEmpty() ? 0 : CliFactory.EXIT_FAILURE;
        }
    }

    private static String exit(JobStatus job) {
        return job.exitCode() == null ? "-" : String.valueOf(job.exitCode());
    }

    private static String oneLine(String command) {
        String flat = command.replaceAll("\\s+", " ").strip();
        return flat.length() > 60 ? flat.substring(0, 57) + "..." : flat;
    }

    @Command(name = "attach", mixinStandardHelpOptions = true,
            description = {
                "Follow a job's output: what the agent kept so far, then live output until it ends; the exit code is the "
                        + "job's (as exec gives it).",
                "Ctrl-C detaches and leaves the job running (stop it with 'jobs cancel ID')."
            })
    static final class Attach implements Callable<Integer> {
        @ParentCommand
        JobsCommand jobs;
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "MACHINE:ID as jobs or exec --detach prints it.")
        String id;

        @Option(names = "--cancel-on-detach", description = "Ctrl-C (or losing the connection) cancels the job instead of leaving it running.")
        boolean cancelOnDetach;

        @Override
        public Integer call() {
            JobRef ref = JobRef.parse(id);
            CliStreams streams = jobs.root.streams();
            try (CancelOnExit interrupts = CancelOnExit.install(); Hub hub = jobs.root.openHub("cli")) {
                Attachment attachment = hub.jobs().attach(ref, 0, 0, cancelOnDetach, new ExecListener() {
                    @Override
                    public void onOutput(String machine, OutputKind kind, byte[] chunk) {
                        PrintStream target = kind == OutputKind.STDERR ? streams.err() : streams.out();
                        target.write(chunk, 0, chunk.length);
                        target.flush();
                    }

                    @Override
                    public void onGap(String machine, OutputKind kind, long from, long to) {
                        streams.err().println("[... " + kind.label() + " bytes " + from + " to " + to + " ("
                                + ByteSizes.format(to - from) + ") were not kept by the agent ...]");
                        streams.err().flush();
                    }
                });
                interrupts.onCancel(attachment::detach);
                JobStatus end;
                try {
                    end = attachment.ended().get();
                } catch (InterruptedException e) {
                    attachment.detach();
                    Thread.currentThread().interrupt();
                    throw new MeshcpException(MeshcpException.Kind.CANCELLED, "detached");
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof MeshcpException m ? m
                            : new MeshcpException(MeshcpException.Kind.UNREACHABLE, String.valueOf(e.getCause().getMessage()));
                }
                PrintWriter err = spec.commandLine().getErr();
                if (interrupts.triggered()) {
                    err.println("jobs: detached from " + end.ref() + (cancelOnDetach ? "; the agent cancels it"
                            : "; it keeps running (jobs attach " + end.ref() + " to follow it again, jobs cancel to stop it)"));
                    return ExecCommand.EXIT_CANCELLED;
                }
                if (!end.isDone()) {
                    err.println("jobs: " + end.ref() + " is still running; the agent stopped streaming it");
                    return CliFactory.EXIT_FAILURE;
                }
                if (end.state() != fr.interrupt.meshcp.hub.jobs.ExecState.EXITED || end.exitCode() == null || end.exitCode() != 0) {
                    err.println("jobs: " + end.ref() + ": " + end.outcomeWords());
                }
                return ExecCommand.exitCode(end.state(), end.exitCode() == null ? -1 : end.exitCode());
            }
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancel a running job: its agent kills the command's whole process tree. Cancelling a job that "
                    + "already ended says how it ended and succeeds.")
    static final class Cancel implements Callable<Integer> {
        @ParentCommand
        JobsCommand jobs;
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "MACHINE:ID as jobs or exec --detach prints it.")
        String id;

        @Override
        public Integer call() throws InterruptedException {
            JobRef ref = JobRef.parse(id);
            try (Hub hub = jobs.root.openHub("cli")) {
                JobStatus before = hub.jobs().get(ref);
                PrintWriter out = spec.commandLine().getOut();
                if (before.isDone()) {
                    out.println(before.ref() + " had already ended: " + before.outcomeWords());
                    return 0;
                }
                JobStatus after = hub.jobs().cancel(before.ref());
                if (!after.isDone()) {
                    after = hub.jobs().await(after.ref(), java.time.Duration.ofSeconds(10));
                }
                out.println(after.ref() + ": " + (after.isDone() ? after.outcomeWords() : "cancel requested; the agent has not confirmed yet"));
                return 0;
            }
        }
    }
}
