package fr.interrupt.meshcp.hub.policy;

import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.shared.text.Printable;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Remote POSIX paths as the hub policy compares them: absolute, '.' and '..' resolved lexically, repeated slashes
 * folded. The hub cannot see the machine's symlinks; the agent's own allowed_paths check resolves them.
 */
final class PolicyPaths {
    private PolicyPaths() {
    }

    /**
     * {@code path} normalized, or throws INVALID_INPUT for a relative or empty path, or one holding a NUL.
     */
    static String normalize(String path) {
        if (path == null || !path.startsWith("/") || path.indexOf('\0') >= 0) {
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, "path \"" + Printable.of(path == null ? "" : path, 80)
                    + "\" must be absolute (start with /)");
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    /** True when {@code path} is {@code prefix} or below it, component by component ({@code /home} never admits {@code /home2}). */
    static boolean within(String path, String prefix) {
        String p = normalize(path);
        String root = normalize(prefix);
        return root.equals("/") || p.equals(root) || p.startsWith(root + "/");
    }
}
