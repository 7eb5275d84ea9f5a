package fr.interrupt.meshcp.hub.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.interrupt.meshcp.hub.MeshcpException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * One JSON state file shared by several processes. Reads need no lock (files are replaced
 * atomically); every read-modify-write holds the file's exclusive lock from read to rename.
 */
public final class JsonStateFile<T> {
    private final Path file;
    private final Path lockFile;
    private final Class<T> type;
    private final Supplier<T> empty;
    private final ObjectMapper mapper;
    private volatile Parsed<T> parsed;

    public JsonStateFile(Path file, Class<T> type, Supplier<T> empty, ObjectMapper mapper) {
        this.file = file;
        this.lockFile = file.resolveSibling("." + file.getFileName() + ".lock");
        this.type = type;
        this.empty = empty;
        this.mapper = mapper;
    }

    public Path path() {
        return file;
    }

    /**
     * The current content; the empty value when the file does not exist yet. The parsed value is kept
     * while the file is unchanged: every write replaces the file (a new inode), so the file key,
     * modification time and size tell a reader when to parse again. Values are immutable records.
     */
    public T read() {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return empty.get();
        } catch (IOException e) {
            throw unreadable(e);
        }
        Version version = new Version(attributes.fileKey(), attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS),
                attributes.size());
        Parsed<T> last = parsed;
        if (last != null && version.fileKey() != null && last.version().equals(version)) {
            return last.value();
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return empty.get();
        } catch (IOException e) {
            throw unreadable(e);
        }
        T value = parse(bytes);
        // if the file changed between the stat and the read, this value is newer than its version: never stale
        parsed = new Parsed<>(version, value);
        return value;
    }

    private T parse(byte[] bytes) {
        try {
            T value = mapper.readValue(bytes, type);
            if (value == null) {
                throw new CorruptStateException(file, "the file holds no JSON object", null);
            }
            return value;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "invalid JSON"
                    : "invalid JSON at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new CorruptStateException(file, where, e);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private record Version(Object fileKey, long modifiedNanos, long size) {
    }

    private record Parsed<V>(Version version, V value) {
    }

    /**
     * Reads, applies {@code change} and writes the result, all under the file's lock. If
     * {@code change} throws, nothing is written. Returns what was written.
     */
    public T update(UnaryOperator<T> change) {
        try (StateFiles.Held lock = StateFiles.lock(lockFile)) {
            T next = change.apply(read());
            // every writer of this file holds this lock: a temp file present now is a killed writer's leftover
            StateFiles.removeLeftoverTempFiles(file);
            StateFiles.writeAtomically(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(next));
            remember(next);
            return next;
        } catch (IOException e) {
            throw new MeshcpException(MeshcpException.Kind.STATE, "cannot write " + file + ": " + describe(e), e);
        }
    }

    /**
     * Keeps what this process just wrote as the parsed content of the file now on disk, so the next read does not parse
     * it again (a registry of 10,000 machines is 4.5 MB of JSON). Called under the lock, right after the rename: no
     * other writer can have replaced the file in between.
     */
    private void remember(T written) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (attributes.fileKey() != null) {
                parsed = new Parsed<>(new Version(attributes.fileKey(), attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS),
                        attributes.size()), written);
            }
        } catch (IOException e) {
            parsed = null; // the next read parses the file
        }
    }

    /** Modification time, for readers that poll for changes made by other processes. */
    public long lastModifiedMillis() {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0L;
        }
    }

    private MeshcpException unreadable(IOException e) {
        return new MeshcpException(MeshcpException.Kind.STATE, "cannot read " + file + ": " + describe(e), e);
    }

    static String describe(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
