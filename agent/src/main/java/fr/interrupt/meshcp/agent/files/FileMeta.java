package fr.interrupt.meshcp.agent.files;

/** What the agent tells about one directory entry (lstat: a symlink is reported as itself). */
public record FileMeta(String name, String path, Kind kind, String kindDescription, long size, int mode, long modifiedMillis, String symlinkTarget) {

    public enum Kind { REGULAR, DIRECTORY, SYMLINK, OTHER }
}
