package fr.interrupt.meshcp.hub.service;

import fr.interrupt.meshcp.hub.MeshcpException;

/** Paths on a remote machine, POSIX ("/a/b") or Windows ("C:\a\b"); the agent gives them absolute. */
public final class RemotePaths {
    private RemotePaths() {
    }

    /** The parent directory, or null at a root ("/", "C:\"). */
    public static String parent(String path) {
        if (path == null || path.isEmpty()) {
            return null;
        }
        String p = stripTrailing(path);
        if (p.equals("/") || p.matches("[A-Za-z]:\\\\?")) {
            return null;
        }
        int cut = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
        if (cut < 0) {
            return null;
        }
        if (cut == 0) {
            return "/";
        }
        String parent = p.substring(0, cut);
        return parent.matches("[A-Za-z]:") ? parent + "\\" : parent;
    }

    /** {@code dir} + separator + {@code name}. */
    public static String child(String dir, String name) {
        char sep = dir.contains("\\") && !dir.contains("/") ? '\\' : '/';
        return dir.endsWith("/") || dir.endsWith("\\") ? dir + name : dir + sep + name;
    }

    /** "/var/log/syslog" → "syslog"; "/srv/data/" → "data"; refuses a path that names no file. */
    public static String baseName(String remote) {
        String trimmed = stripTrailing(remote);
        String name = trimmed.substring(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, "cannot tell a file name from \"" + remote
                    + "\": name the local file");
        }
        return name;
    }

    private static String stripTrailing(String path) {
        String p = path;
        while (p.length() > 1 && (p.endsWith("/") || p.endsWith("\\")) && !p.matches("[A-Za-z]:\\\\")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
