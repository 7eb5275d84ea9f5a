package fr.interrupt.meshcp.hub.service;

import com.google.protobuf.ByteString;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.audit.AuditLog;
import fr.interrupt.meshcp.hub.fleet.AgentChannels;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.proto.agent.v1.FileChunk;
import fr.interrupt.meshcp.proto.agent.v1.FileInfo;
import fr.interrupt.meshcp.proto.agent.v1.ListFilesRequest;
import fr.interrupt.meshcp.proto.agent.v1.ListFilesResponse;
import fr.interrupt.meshcp.proto.agent.v1.ReadFileRequest;
import fr.interrupt.meshcp.proto.agent.v1.StatFileRequest;
import fr.interrupt.meshcp.proto.agent.v1.WriteFileHeader;
import fr.interrupt.meshcp.proto.agent.v1.WriteFileRequest;
import fr.interrupt.meshcp.proto.agent.v1.WriteFileResponse;
import fr.interrupt.meshcp.shared.text.ByteSizes;
import fr.interrupt.meshcp.shared.text.Durations;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Files on machines: stat, list, and streamed reads and writes that never hold a whole file in
 * memory. Interrupting the calling thread cancels a transfer. Writes are audited.
 */
public final class FileService {
    public static final int CHUNK_SIZE = 64 * 1024;
    private static final long SMALL_CALL_DEADLINE_SECONDS = 30;

    private final MachineRegistry registry;
    private final AgentChannels channels;
    private final AuditLog audit;
    private final ReadDeadlines deadlines;
    private final ScheduledThreadPoolExecutor timers;

    public FileService(MachineRegistry registry, AgentChannels channels, AuditLog audit) {
        this(registry, channels, audit, ReadDeadlines.DEFAULT);
    }

    /** Transfers bounded by {@code deadlines} (see {@link ReadDeadlines}). */
    public FileService(MachineRegistry registry, AgentChannels channels, AuditLog audit, ReadDeadlines deadlines) {
        this.registry = registry;
        this.channels = channels;
        this.audit = audit;
        this.deadlines = deadlines;
        // one timer thread for every read's idle deadline; it goes away when no read is running
        this.timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "meshcp-read-idle");
            t.setDaemon(true);
            return t;
        });
        timers.setKeepAliveTime(10, TimeUnit.SECONDS);
        timers.allowCoreThreadTimeOut(true);
        timers.setRemoveOnCancelPolicy(true);
    }

    /** What a read produced: the file's info (from the agent) and the bytes streamed. */
    public record ReadResult(FileInfo info, long bytes) {
    }

    /** One page of a directory listing. */
    public record ListPage(java.util.List<FileInfo> entries, String nextPageToken, long totalEntries) {
    }

    public FileInfo stat(String machineName, String path) {
        Machine machine = registry.require(machineName);
        try {
            return channels.blocking(machine).withDeadlineAfter(SMALL_CALL_DEADLINE_SECONDS, TimeUnit.SECONDS)
                    .statFile(StatFileRequest.newBuilder().setPath(path).build());
        } catch (RuntimeException e) {
            throw AgentErrors.translate(e, machine);
        }
    }

    /** {@code pageToken} empty for the first page; {@code pageSize} 0 for the agent's default. */
    public ListPage list(String machineName, String path, String pageToken, int pageSize) {
        Machine machine = registry.require(machineName);
        try {
            ListFilesResponse response = channels.blocking(machine).withDeadlineAfter(SMALL_CALL_DEADLINE_SECONDS, TimeUnit.SECONDS)
                    .listFiles(ListFilesRequest.newBuilder().setPath(path).setPageToken(pageToken == null ? "" : pageToken)
                            .setPageSize(Math.max(0, pageSize)).build());
            return new ListPage(response.getEntriesList(), response.getNextPageToken(), response.getTotalEntries());
        } catch (RuntimeException e) {
            throw AgentErrors.translate(e, machine);
        }
    }

    /**
     * Streams {@code length} bytes (0: to the end) from {@code offset} into {@code sink}.
     *
     * @throws MeshcpException UNREACHABLE when the agent sends nothing for {@link ReadDeadlines#idle()} (a file that
     *         never ends, like /proc/kmsg) or the read takes longer than {@link ReadDeadlines#total()}; what was
     *         received is in {@code sink}
     */
    public ReadResult read(String machineName, String path, long offset, long length, OutputStream sink, LongConsumer progress) {
        Machine machine = registry.require(machineName);
        Context.CancellableContext context = Context.current().withCancellation();
        Context previous = context.attach();
        IdleWatch idle = new IdleWatch(context, deadlines.idle(), timers);
        FileInfo info = null;
        long total = 0;
        try {
            idle.waiting();
            Iterator<FileChunk> chunks = channels.blocking(machine).withDeadlineAfter(deadlines.total().toMillis(), TimeUnit.MILLISECONDS)
                    .readFile(ReadFileRequest.newBuilder().setPath(path).setOffset(Math.max(0, offset)).setLength(Math.max(0, length)).build());
            while (chunks.hasNext()) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new MeshcpException(MeshcpException.Kind.CANCELLED, "cancelled");
                }
                FileChunk chunk = chunks.next();
                idle.disarm();
                if (chunk.hasInfo()) {
                    info = chunk.getInfo();
                }
                chunk.getData().writeTo(sink);
                total += chunk.getData().size();
                progress.accept(total);
                idle.waiting();
            }
            return new ReadResult(info, total);
        } catch (IOException e) {
            throw new MeshcpException(MeshcpException.Kind.STATE, "cannot write what was read from " + machineName + ":" + path
                    + ": " + e.getMessage(), e);
        } catch (MeshcpException e) {
            throw e;
        } catch (RuntimeException e) {
            if (idle.fired()) {
                throw new MeshcpException(MeshcpException.Kind.UNREACHABLE, "no data from " + machineName + " for "
                        + Durations.coarse(deadlines.idle()) + " while reading " + path + " (" + ByteSizes.format(total)
                        + " received): the read was stopped. The file may never end (like /proc/kmsg), or the machine "
                        + "stopped answering");
            }
            if (Status.fromThrowable(e).getCode() == Status.Code.DEADLINE_EXCEEDED) {
                throw new MeshcpException(MeshcpException.Kind.UNREACHABLE, "reading " + path + " from " + machineName
                        + " took longer than " + Durations.coarse(deadlines.total()) + ", the longest a read may take: stopped after "
                        + ByteSizes.format(total));
            }
            throw AgentErrors.translate(e, machine);
        } finally {
            idle.disarm();
            context.detach(previous);
            context.cancel(null);
        }
    }

    /** Downloads a remote file to {@code local} through a temp file, so a failed transfer leaves nothing half-written. */
    public ReadResult download(String machineName, String remote, Path local, LongConsumer progress) {
        Path target = local.toAbsolutePath();
        Path temp = null;
        try {
            // created like cp or scp would (permissions from the umask), not owner-only like createTempFile
            temp = target.resolveSibling("." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".part");
            ReadResult result;
            try (OutputStream out = Files.newOutputStream(temp, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE)) {
                result = read(machineName, remote, 0, 0, out, progress);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return result;
        } catch (IOException e) {
            throw new MeshcpException(MeshcpException.Kind.STATE, "cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /**
     * The sentence every face shows when the agent rewrote a file in place (it has other hard links or is a bind
     * mount, so a rename would have detached it); null when the file was replaced by the usual atomic rename.
     */
    public static String inPlaceNote(WriteFileResponse written) {
        if (written.getWrittenInPlace().isEmpty()) {
            return null;
        }
        return "written in place (" + written.getWrittenInPlace() + ") so every link and mount sees the new content; the "
                + "content was staged on the machine first, but the copy into the file is not atomic";
    }

    /**
     * Streams {@code source} into a remote file (written to a temp file there and renamed into place, or copied into
     * the file when it has other links or is a mount point: see {@link #inPlaceNote}).
     */
    public WriteFileResponse write(String machineName, String path, InputStream source, Integer mode, boolean createParents,
                                   LongConsumer progress) {
        Machine machine = registry.require(machineName);
        audit.requireWritable();
        Upload upload = new Upload();
        channels.async(machine).withDeadlineAfter(deadlines.total().toMillis(), TimeUnit.MILLISECONDS).writeFile(upload);
        long sent = 0;
        try {
            WriteFileHeader.Builder header = WriteFileHeader.newBuilder().setPath(path).setCreateParents(createParents);
            if (mode != null) {
                header.setMode(mode);
            }
            upload.send(WriteFileRequest.newBuilder().setHeader(header).build());
            byte[] buffer = new byte[CHUNK_SIZE];
            int n;
            while ((n = source.read(buffer)) > 0 && !upload.response.isDone()) {
                upload.send(WriteFileRequest.newBuilder().setData(ByteString.copyFrom(buffer, 0, n)).build());
                sent += n;
                progress.accept(sent);
            }
            upload.complete();
            WriteFileResponse response = upload.response.get();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("path", response.getPath());
            details.put("bytes", response.getBytesWritten());
            audit.record("write_file", machineName, details);
            return response;
        } catch (InterruptedException e) {
            upload.cancel();
            Thread.currentThread().interrupt();
            throw new MeshcpException(MeshcpException.Kind.CANCELLED, "cancelled");
        } catch (ExecutionException e) {
            MeshcpException error = Status.fromThrowable(e.getCause()).getCode() == Status.Code.DEADLINE_EXCEEDED
                    ? new MeshcpException(MeshcpException.Kind.UNREACHABLE, "writing " + path + " to " + machineName + " took longer than "
                            + Durations.coarse(deadlines.total()) + ", the longest a transfer may take: stopped after "
                            + ByteSizes.format(sent) + " sent; the file was not changed")
                    : AgentErrors.translate(e.getCause(), machine);
            audit.record("write_file", machineName, Map.of("path", path, "error", error.getMessage()));
            throw error;
        } catch (IOException e) {
            upload.cancel();
            throw new MeshcpException(MeshcpException.Kind.STATE, "cannot read the data to upload: " + e.getMessage(), e);
        }
    }

    public WriteFileResponse upload(String machineName, Path local, String remote, Integer mode, boolean createParents,
                                    LongConsumer progress) {
        try (InputStream in = Files.newInputStream(local)) {
            return write(machineName, remote, in, mode, createParents, progress);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new MeshcpException(MeshcpException.Kind.NOT_FOUND, "no such local file: " + local);
        } catch (IOException e) {
            throw new MeshcpException(MeshcpException.Kind.STATE, "cannot read " + local + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // a leftover .part file is harmless and named as such
            }
        }
    }

    /** A client stream that only sends when the transport is ready, so a large upload never piles up in memory. */
    private static final class Upload implements ClientResponseObserver<WriteFileRequest, WriteFileResponse> {
        final CompletableFuture<WriteFileResponse> response = new CompletableFuture<>();
        private final Semaphore ready = new Semaphore(0);
        private volatile ClientCallStreamObserver<WriteFileRequest> stream;

        @Override
        public void beforeStart(ClientCallStreamObserver<WriteFileRequest> requestStream) {
            stream = requestStream;
            requestStream.setOnReadyHandler(ready::release);
        }

        void send(WriteFileRequest message) throws InterruptedException {
            while (!stream.isReady() && !response.isDone()) {
                ready.tryAcquire(100, TimeUnit.MILLISECONDS);
            }
            if (!response.isDone()) {
                stream.onNext(message);
            }
        }

        void complete() {
            if (!response.isDone()) {
                stream.onCompleted();
            }
        }

        void cancel() {
            stream.cancel("cancelled by the user", null);
        }

        @Override
        public void onNext(WriteFileResponse value) {
            response.complete(value);
        }

        @Override
        public void onError(Throwable t) {
            response.completeExceptionally(t);
            ready.release();
        }

        @Override
        public void onCompleted() {
            ready.release();
        }
    }
}
