package fr.interrupt.meshcp.desktop.files;

import fr.interrupt.meshcp.proto.agent.v1.FileInfo;
import fr.interrupt.meshcp.proto.agent.v1.FileType;
import java.time.Instant;

/** One entry of a remote directory listing. */
public record FileRow(String name, String path, FileType type, long size, Instant modified, int mode, String symlinkTarget) {

    static FileRow of(FileInfo info) {
        return new FileRow(info.getName(), info.getPath(), info.getType(), info.getSize(),
                info.getModifiedMillis() == 0 ? null : Instant.ofEpochMilli(info.getModifiedMillis()), info.getMode(),
                info.getSymlinkTarget());
    }

    public boolean directory() {
        return type == FileType.DIRECTORY;
    }

    /** Directories first, then by name (the listing's natural order). */
    public int sortKey() {
        return directory() ? 0 : 1;
    }
}
