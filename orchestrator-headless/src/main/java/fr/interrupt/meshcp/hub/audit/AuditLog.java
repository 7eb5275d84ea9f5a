package fr.interrupt.meshcp.hub.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.state.StateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * audit.log: one JSON object per line for every exec, file write, enrollment and removal,
 * appended under the file's lock so lines from several processes never interleave.
 */
public final class AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final Path file;
    private final Path lockFile;
    private final String caller;
    private final Clock clock;
    private final ObjectMapper json;

    /** {@code caller} names this process for every line, such as "cli:alice" or "mcp:alice". */
    public AuditLog(Path file, String caller, Clock clock, ObjectMapper json) {
        this.file = file;
        this.lockFile = file.resolveSibling("." + file.getFileName() + ".lock");
        this.caller = caller;
        this.clock = clock;
        this.json = json;
    }

    public Path path() {
        return file;
    }

    /** The free space below which actions are refused: an audit line is under 8 KiB; 1 MiB leaves room for many. */
    public static final long RESERVE_BYTES = 1024 * 1024;

    /**
     * Checks, before an action that changes a machine (exec, job start, file write) or the hub (token, enrollment),
     * that its line can be appended: the file opens for append and its file system has {@link #RESERVE_BYTES} free
     * for unprivileged writers. The line itself is written when the action ends; the disk filling up in between is
     * logged on stderr (the action has happened by then). Stopping actions (cancel, revoke, remove) never check.
     *
     * @throws MeshcpException STATE "refused: ... cannot be written ..." naming the file and the cause
     */
    public void requireWritable() {
        try {
            StateFiles.ensureDirectory(file.toAbsolutePath().getParent());
            try (FileChannel channel = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND), PosixFilePermissions.asFileAttribute(StateFiles.OWNER_ONLY))) {
                // statvfs(2) on the path: Files.getFileStore would first read /proc/mounts (twice), on every exec
                long free = file.toFile().getUsableSpace();
                if (free < RESERVE_BYTES) {
                    throw refused("its disk is full (" + fr.interrupt.meshcp.shared.text.ByteSizes.format(free) + " free)");
                }
            }
        } catch (IOException e) {
            throw refused(e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null ? fse.getReason()
                    : String.valueOf(e.getMessage()));
        }
    }

    private MeshcpException refused(String cause) {
        return new MeshcpException(MeshcpException.Kind.STATE, "refused: the audit log " + file + " cannot be written ("
                + cause + "), and meshcp does not run an action it cannot record; free space or fix the file, then try again");
    }

    public void record(String action, String machine, Map<String, ?> details) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", clock.instant().toString());
        line.put("caller", caller);
        line.put("action", action);
        line.put("machine", machine);
        line.putAll(details);
        try (StateFiles.Held lock = StateFiles.lock(lockFile);
             FileChannel channel = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.APPEND), PosixFilePermissions.asFileAttribute(StateFiles.OWNER_ONLY))) {
            ByteBuffer bytes = ByteBuffer.wrap((json.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            // the action itself already happened; losing its audit line must be loud but not fatal
            LOG.error("cannot append to {}: {}", file, e.getMessage());
        }
    }
}
