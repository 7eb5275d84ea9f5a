package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.MeshcpException;

/** Remote paths are the agent's (always '/'-separated here, whatever the local OS). */
final class RemotePaths {
    private RemotePaths() {
    }

    /** "/var/log/syslog" → "syslog"; "/srv/data/" → "data". */
    static String baseName(String remote) {
        String trimmed = remote;
        while (trimmed.length() > 1 && (trimmed.endsWith("/") || trimmed.endsWith("\\"))) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        int slash = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
        String name = trimmed.substring(slash + 1);
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, "cannot tell a file name from \"" + remote
                    + "\": name the local file");
        }
        return name;
    }

    /** REMOTE/NAME, with exactly one separator. */
    static String child(String remoteDirectory, String name) {
        return remoteDirectory.endsWith("/") ? remoteDirectory + name : remoteDirectory + "/" + name;
    }
}
