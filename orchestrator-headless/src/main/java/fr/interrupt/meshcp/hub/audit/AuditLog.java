package fr.interrupt.meshcp.hub.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
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
