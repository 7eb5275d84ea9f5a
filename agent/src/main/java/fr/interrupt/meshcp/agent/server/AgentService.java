package fr.interrupt.meshcp.agent.server;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import fr.interrupt.meshcp.agent.AgentIdentity;
import fr.interrupt.meshcp.agent.Refusal;
import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.agent.docker.DockerClient;
import fr.interrupt.meshcp.agent.docker.LogSink;
import fr.interrupt.meshcp.agent.files.DirectoryLister;
import fr.interrupt.meshcp.agent.files.FileOperations;
import fr.interrupt.meshcp.agent.files.OpenedFile;
import fr.interrupt.meshcp.agent.files.WriteSession;
import fr.interrupt.meshcp.agent.shell.ExecSpec;
import fr.interrupt.meshcp.agent.shell.Job;
import fr.interrupt.meshcp.agent.shell.JobSnapshot;
import fr.interrupt.meshcp.agent.shell.JobState;
import fr.interrupt.meshcp.agent.shell.KeptStream;
import fr.interrupt.meshcp.agent.shell.ShellExecutor;
import fr.interrupt.meshcp.agent.shell.StreamName;
import fr.interrupt.meshcp.agent.system.SystemStatusCollector;
import fr.interrupt.meshcp.proto.agent.v1.AgentServiceGrpc;
import fr.interrupt.meshcp.proto.agent.v1.WaitJobRequest;
import fr.interrupt.meshcp.proto.agent.v1.StartJobRequest;
import fr.interrupt.meshcp.proto.agent.v1.StartJobAndWaitRequest;
import fr.interrupt.meshcp.proto.agent.v1.ReadJobOutputRequest;
import fr.interrupt.meshcp.proto.agent.v1.ListJobsResponse;
import fr.interrupt.meshcp.proto.agent.v1.ListJobsRequest;
import fr.interrupt.meshcp.proto.agent.v1.JobOutput;
import fr.interrupt.meshcp.proto.agent.v1.JobInfo;
import fr.interrupt.meshcp.proto.agent.v1.GetJobRequest;
import fr.interrupt.meshcp.proto.agent.v1.CancelJobRequest;
import fr.interrupt.meshcp.proto.agent.v1.AttachJobRequest;
import fr.interrupt.meshcp.proto.agent.v1.ContainerLogChunk;
import fr.interrupt.meshcp.proto.agent.v1.ContainerLogsRequest;
import fr.interrupt.meshcp.proto.agent.v1.ExecEvent;
import fr.interrupt.meshcp.proto.agent.v1.ExecInput;
import fr.interrupt.meshcp.proto.agent.v1.ExecRequest;
import fr.interrupt.meshcp.proto.agent.v1.FileChunk;
import fr.interrupt.meshcp.proto.agent.v1.FileInfo;
import fr.interrupt.meshcp.proto.agent.v1.InspectContainerRequest;
import fr.interrupt.meshcp.proto.agent.v1.InspectContainerResponse;
import fr.interrupt.meshcp.proto.agent.v1.ListContainersRequest;
import fr.interrupt.meshcp.proto.agent.v1.ListContainersResponse;
import fr.interrupt.meshcp.proto.agent.v1.ListFilesRequest;
import fr.interrupt.meshcp.proto.agent.v1.ListFilesResponse;
import fr.interrupt.meshcp.proto.agent.v1.OutputStream;
import fr.interrupt.meshcp.proto.agent.v1.PingRequest;
import fr.interrupt.meshcp.proto.agent.v1.PingResponse;
import fr.interrupt.meshcp.proto.agent.v1.ReadFileRequest;
import fr.interrupt.meshcp.proto.agent.v1.StatFileRequest;
import fr.interrupt.meshcp.proto.agent.v1.SystemStatus;
import fr.interrupt.meshcp.proto.agent.v1.SystemStatusRequest;
import fr.interrupt.meshcp.proto.agent.v1.WriteFileRequest;
import fr.interrupt.meshcp.proto.agent.v1.WriteFileResponse;
import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/** The AgentService gRPC API: translates between the wire and the capabilities, which decide everything. */
public final class AgentService extends AgentServiceGrpc.AgentServiceImplBase {
    /** Longest WaitJob wait: 10 minutes. */
    static final long MAX_WAIT_MILLIS = 10 * 60 * 1000;
    /** How long CancelJob waits for the killed job to end before answering. */
    static final long CANCEL_WAIT_MILLIS = 3000;
    /** Most bytes one ReadJobOutput answers: 4 MiB. */
    static final int MAX_READ_BYTES = 4 * 1024 * 1024;

    private final AgentIdentity identity;
    private final Capabilities capabilities;
    private final ShellExecutor shell;
    private final FileOperations files;
    private final SystemStatusCollector system;
    private final DockerClient docker;
    private final ExecutorService streamWorkers;
    private final Executor jobStreams;
    private final ScheduledExecutorService scheduler;

    /**
     * streamWorkers run log streams; jobStreams send kept job output (short tasks, never blocking); scheduler ends
     * WaitJob and CancelJob waits.
     */
    public AgentService(AgentIdentity identity, Capabilities capabilities, ShellExecutor shell, FileOperations files,
            SystemStatusCollector system, DockerClient docker, ExecutorService streamWorkers, Executor jobStreams,
            ScheduledExecutorService scheduler) {
        this.identity = identity;
        this.capabilities = capabilities;
        this.shell = shell;
        this.files = files;
        this.system = system;
        this.docker = docker;
        this.streamWorkers = streamWorkers;
        this.jobStreams = jobStreams;
        this.scheduler = scheduler;
    }

    @Override
    public void ping(PingRequest request, StreamObserver<PingResponse> response) {
        unary(response, () -> PingResponse.newBuilder()
                .setAgentVersion(identity.agentVersion())
                .setMachineName(identity.machineName())
                .setUptimeSeconds(identity.uptimeSeconds())
                .setHostname(identity.host().hostname())
                .setOs(identity.host().os())
                .setArch(identity.host().arch())
                .putAllLabels(identity.labels())
                .build());
    }

    @Override
    public void getSystemStatus(SystemStatusRequest request, StreamObserver<SystemStatus> response) {
        unary(response, () -> ProtoMapper.systemStatus(system.collect(), identity.agentVersion(), identity.machineName(), capabilities));
    }

    @Override
    public void exec(ExecRequest request, StreamObserver<ExecEvent> response) {
        long cap = request.getMaxOutputBytes() <= 0 ? capabilities.shell().maxOutputBytes()
                : Math.min(request.getMaxOutputBytes(), capabilities.shell().maxOutputBytes());
        JobCall call = JobCall.forExec(response, jobStreams, cap);
        try {
            Job job = shell.start(spec(request), call);
            JobSnapshot started = job.snapshot();
            if (started.state() == JobState.FAILED_TO_START) {
                throw Refusal.precondition(started.failure());
            }
        } catch (RuntimeException e) {
            response.onError(Statuses.of(e).asRuntimeException());
        }
    }

    @Override
    public StreamObserver<ExecInput> execSession(StreamObserver<ExecEvent> response) {
        return new ExecSessionCall(response, shell, jobStreams, capabilities.shell().maxOutputBytes());
    }

    @Override
    public void startJob(StartJobRequest request, StreamObserver<JobInfo> response) {
        unary(response, () -> ProtoMapper.jobInfo(shell.start(spec(request.getExec()), null).snapshot()));
    }

    @Override
    public void attachJob(AttachJobRequest request, StreamObserver<ExecEvent> response) {
        JobCall call = JobCall.forAttach(response, jobStreams, offset(request.getStdoutOffset()), offset(request.getStderrOffset()),
                request.getCancelOnDisconnect());
        try {
            call.attach(shell.jobs().get(request.getJobId()));
        } catch (RuntimeException e) {
            response.onError(Statuses.of(e).asRuntimeException());
        }
    }

    @Override
    public void waitJob(WaitJobRequest request, StreamObserver<JobInfo> response) {
        try {
            Job job = shell.jobs().get(request.getJobId());
            long asked = request.getWaitMillis();
            answerWhenEnded(job, asked < 0 || asked > MAX_WAIT_MILLIS ? MAX_WAIT_MILLIS : asked, response);
        } catch (RuntimeException e) {
            response.onError(Statuses.of(e).asRuntimeException());
        }
    }

    /**
     * StartJob then WaitJob in one call: the job's info as started, then its info once it ended or the wait (at most
     * {@link #MAX_WAIT_MILLIS}) passed. Refusals are StartJob's; the job does not depend on this call.
     */
    @Override
    public void startJobAndWait(StartJobAndWaitRequest request, StreamObserver<JobInfo> response) {
        Job job;
        try {
            job = shell.start(spec(request.getExec()), null);
        } catch (RuntimeException e) {
            response.onError(Statuses.of(e).asRuntimeException());
            return;
        }
        try {
            response.onNext(ProtoMapper.jobInfo(job.snapshot()));
        } catch (RuntimeException e) {
            return; // The caller went away: the job runs on, as a StartJob's does.
        }
        long asked = request.getWaitMillis();
        answerWhenEnded(job, asked < 0 || asked > MAX_WAIT_MILLIS ? MAX_WAIT_MILLIS : asked, response);
    }

    @Override
    public void readJobOutput(ReadJobOutputRequest request, StreamObserver<JobOutput> response) {
        unary(response, () -> {
            Job job = shell.jobs().get(request.getJobId());
            StreamName name = switch (request.getStream()) {
                case STDOUT -> StreamName.STDOUT;
                case STDERR -> StreamName.STDERR;
                default -> throw Refusal.invalid("stream must be STDOUT or STDERR");
            };
            long asked = Integer.toUnsignedLong(request.getMaxBytes());
            int max = asked == 0 || asked > MAX_READ_BYTES ? MAX_READ_BYTES : (int) asked;
            JobState state = job.snapshot().state();
            KeptStream.Slice slice = job.stream(name).read(offset(request.getOffset()), max);
            return JobOutput.newBuilder()
                    .setData(UnsafeByteOperations.unsafeWrap(slice.data()))
                    .setOffset(slice.offset())
                    .setInfo(ProtoMapper.streamInfo(job.stream(name).info()))
                    .setState(ProtoMapper.jobState(state))
                    .build();
        });
    }

    @Override
    public void getJob(GetJobRequest request, StreamObserver<JobInfo> response) {
        unary(response, () -> ProtoMapper.jobInfo(shell.jobs().get(request.getJobId()).snapshot()));
    }

    @Override
    public void listJobs(ListJobsRequest request, StreamObserver<ListJobsResponse> response) {
        unary(response, () -> {
            ListJobsResponse.Builder b = ListJobsResponse.newBuilder();
            // a list stays small whatever the commands were (a heredoc can be megabytes): GetJob gives one whole
            shell.jobs().list().forEach(j -> b.addJobs(ProtoMapper.listed(ProtoMapper.jobInfo(j.snapshot()))));
            return b.build();
        });
    }

    @Override
    public void cancelJob(CancelJobRequest request, StreamObserver<JobInfo> response) {
        try {
            Job job = shell.jobs().get(request.getJobId());
            job.cancel();
            answerWhenEnded(job, CANCEL_WAIT_MILLIS, response);
        } catch (RuntimeException e) {
            response.onError(Statuses.of(e).asRuntimeException());
        }
    }

    /** Answers the job's info once it has ended or waitMillis passed, without holding a thread meanwhile. */
    private void answerWhenEnded(Job job, long waitMillis, StreamObserver<JobInfo> response) {
        CompletableFuture<JobSnapshot> ended = job.finished();
        if (waitMillis <= 0 || ended.isDone()) {
            respond(response, job.snapshot());
            return;
        }
        CompletableFuture<JobSnapshot> timeout = new CompletableFuture<>();
        ScheduledFuture<?> timer = scheduler.schedule(() -> timeout.complete(job.snapshot()), waitMillis, TimeUnit.MILLISECONDS);
        ended.applyToEither(timeout, s -> s).thenAccept(s -> {
            timer.cancel(false);
            respond(response, job.snapshot());
        });
    }

    private static void respond(StreamObserver<JobInfo> response, JobSnapshot snapshot) {
        try {
            response.onNext(ProtoMapper.jobInfo(snapshot));
            response.onCompleted();
        } catch (RuntimeException e) {
            // The caller went away meanwhile.
        }
    }

    /** A wire offset (uint64): one past 2^63 - 1 is beyond any output, so it reads as the largest. */
    private static long offset(long wire) {
        return wire < 0 ? Long.MAX_VALUE : wire;
    }

    private static ExecSpec spec(ExecRequest request) {
        return new ExecSpec(request.getCommand(), request.getTimeoutSeconds(), request.getWorkingDirectory(), request.getEnvMap(),
                request.getMaxOutputBytes(), request.getCaller());
    }

    @Override
    public void readFile(ReadFileRequest request, StreamObserver<FileChunk> response) {
        ServerCallStreamObserver<FileChunk> call = (ServerCallStreamObserver<FileChunk>) response;
        OpenedFile file;
        try {
            file = files.reader().open(request.getPath(), request.getOffset(), request.getLength());
        } catch (RuntimeException e) {
            response.onError(Statuses.of(e).asRuntimeException());
            return;
        }
        FileSender sender = new FileSender(call, file);
        call.setOnCancelHandler(sender::close);
        call.setOnReadyHandler(sender::drain);
        // The cancel handler runs on the call's executor, behind a read that may never return (a file that blocks like
        // /proc/kmsg). The context's listener runs at once when the caller cancels or its deadline passes: closing the
        // channel there ends the blocked read (AsynchronousCloseException) and frees the thread.
        Context.current().addListener(context -> sender.close(), Runnable::run);
        sender.drain();
    }

    /**
     * Sends a file's chunks whenever the client is ready for more (called on the call's own serialized executor);
     * {@link #close} may come from any thread and ends a read blocked in the file.
     */
    private static final class FileSender {
        private final ServerCallStreamObserver<FileChunk> call;
        private final OpenedFile file;
        private final AtomicBoolean closed = new AtomicBoolean();
        private boolean first = true;

        FileSender(ServerCallStreamObserver<FileChunk> call, OpenedFile file) {
            this.call = call;
            this.file = file;
        }

        void drain() {
            try {
                while (!closed.get() && call.isReady()) {
                    long offset = file.position();
                    byte[] data = file.nextChunk();
                    if (first || data.length > 0) {
                        FileChunk.Builder chunk = FileChunk.newBuilder().setOffset(offset).setData(UnsafeByteOperations.unsafeWrap(data));
                        if (first) {
                            chunk.setInfo(ProtoMapper.fileInfo(file.info()));
                            first = false;
                        }
                        call.onNext(chunk.build());
                    }
                    if (!file.hasMore()) {
                        if (close()) {
                            call.onCompleted();
                        }
                    }
                }
            } catch (IOException e) {
                if (close()) {
                    call.onError(Statuses.of(Refusal.precondition("reading " + file.info().path() + " failed: "
                            + fr.interrupt.meshcp.agent.files.IoReasons.of(e))).asRuntimeException());
                }
                // else: closed because the caller went away, which is what ended the read
            } catch (Refusal e) {
                // max_file_size_mb reached while the file grew: what was sent stays sent, the call ends with the reason.
                if (close()) {
                    call.onError(Statuses.of(e).asRuntimeException());
                }
            } catch (RuntimeException e) {
                // the call ended underneath (cancelled between a check and a send)
                close();
            }
        }

        /** Closes the file once; true for the call that closed it. */
        boolean close() {
            if (!closed.compareAndSet(false, true)) {
                return false;
            }
            try {
                file.close();
            } catch (IOException e) {
                // Closing a read-only file: nothing to lose.
            }
            return true;
        }
    }

    @Override
    public StreamObserver<WriteFileRequest> writeFile(StreamObserver<WriteFileResponse> response) {
        return new StreamObserver<>() {
            private WriteSession session;
            private boolean failed;

            @Override
            public void onNext(WriteFileRequest part) {
                if (failed) {
                    return;
                }
                try {
                    if (part.hasHeader()) {
                        if (session != null) {
                            throw Refusal.invalid("the header must be sent once, as the first message");
                        }
                        var header = part.getHeader();
                        session = files.writer().begin(header.getPath(), header.hasMode() ? header.getMode() : null, header.getCreateParents());
                    } else if (session == null) {
                        throw Refusal.invalid("the first message must be the header (path, mode, create_parents)");
                    } else {
                        session.write(part.getData().asReadOnlyByteBuffer());
                    }
                } catch (RuntimeException e) {
                    fail(e);
                }
            }

            @Override
            public void onError(Throwable t) {
                if (session != null) {
                    session.abort();
                }
            }

            @Override
            public void onCompleted() {
                if (failed) {
                    return;
                }
                try {
                    if (session == null) {
                        throw Refusal.invalid("no header received: nothing to write");
                    }
                    long written = session.commit();
                    WriteFileResponse.Builder done = WriteFileResponse.newBuilder().setPath(session.requested().toString())
                            .setBytesWritten(written);
                    if (session.inPlaceReason() != null) {
                        done.setWrittenInPlace(session.inPlaceReason());
                    }
                    response.onNext(done.build());
                    response.onCompleted();
                } catch (RuntimeException e) {
                    fail(e);
                }
            }

            private void fail(RuntimeException e) {
                failed = true;
                if (session != null) {
                    session.abort();
                }
                response.onError(Statuses.of(e).asRuntimeException());
            }
        };
    }

    @Override
    public void listFiles(ListFilesRequest request, StreamObserver<ListFilesResponse> response) {
        unary(response, () -> {
            DirectoryLister.Page page = files.lister().list(request.getPath(), request.getPageSize(), request.getPageToken());
            ListFilesResponse.Builder b = ListFilesResponse.newBuilder().setNextPageToken(page.nextPageToken()).setTotalEntries(page.totalEntries());
            page.entries().forEach(e -> b.addEntries(ProtoMapper.fileInfo(e)));
            return b.build();
        });
    }

    @Override
    public void statFile(StatFileRequest request, StreamObserver<FileInfo> response) {
        unary(response, () -> ProtoMapper.fileInfo(files.statter().stat(request.getPath())));
    }

    @Override
    public void listContainers(ListContainersRequest request, StreamObserver<ListContainersResponse> response) {
        unary(response, () -> {
            ListContainersResponse.Builder b = ListContainersResponse.newBuilder();
            docker.list(request.getAll()).forEach(c -> b.addContainers(ProtoMapper.container(c)));
            return b.build();
        });
    }

    @Override
    public void inspectContainer(InspectContainerRequest request, StreamObserver<InspectContainerResponse> response) {
        unary(response, () -> InspectContainerResponse.newBuilder().setJson(docker.inspect(request.getId())).build());
    }

    @Override
    public void containerLogs(ContainerLogsRequest request, StreamObserver<ContainerLogChunk> response) {
        StreamSender<ContainerLogChunk> sender = new StreamSender<>(response);
        try {
            streamWorkers.execute(() -> {
                try {
                    docker.logs(request.getId(), request.getTail(), (stream, data, length) -> sender.send(ContainerLogChunk.newBuilder()
                            .setStream(stream == LogSink.Stream.STDOUT ? OutputStream.STDOUT : OutputStream.STDERR)
                            .setData(ByteString.copyFrom(data, 0, length))
                            .build()));
                    sender.complete();
                } catch (RuntimeException e) {
                    sender.fail(Statuses.of(e));
                }
            });
        } catch (RejectedExecutionException e) {
            sender.fail(Statuses.of(Refusal.exhausted("too many log streams running; try again later")));
        }
    }

    private static <T> void unary(StreamObserver<T> response, Supplier<T> work) {
        T result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            response.onError(Statuses.of(e).asRuntimeException());
            return;
        }
        response.onNext(result);
        response.onCompleted();
    }
}
