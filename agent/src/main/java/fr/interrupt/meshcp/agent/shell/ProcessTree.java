package fr.interrupt.meshcp.agent.shell;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts commands in a session of their own (through setsid where the system has it) and kills whole trees:
 * the process group (which reaches grandchildren even after they were re-parented), every descendant still
 * known, then the process itself.
 */
public final class ProcessTree {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessTree.class);
    private static final int SIGKILL = 9;

    private final Optional<String> setsid;
    private final CLibrary libc;

    /** The C library's kill(2), for signalling a process group. */
    interface CLibrary extends Library {
        int kill(int pid, int signal);
    }

    private ProcessTree(Optional<String> setsid, CLibrary libc) {
        this.setsid = setsid;
        this.libc = libc;
    }

    public static ProcessTree forThisMachine() {
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            return new ProcessTree(Optional.empty(), null);
        }
        Optional<String> setsid = List.of("/usr/bin/setsid", "/bin/setsid").stream()
                .filter(p -> Files.isExecutable(Path.of(p)))
                .findFirst();
        CLibrary libc = null;
        try {
            libc = Native.load("c", CLibrary.class);
        } catch (LinkageError e) {
            LOG.warn("cannot load the C library ({}): killing a command reaches only the processes still below it", e.getMessage());
        }
        if (setsid.isEmpty()) {
            LOG.info("no setsid on this system: a command's re-parented background processes may survive a timeout");
        }
        return new ProcessTree(libc == null ? Optional.empty() : setsid, libc);
    }

    /** argv prefixed so the command leads a new session and process group. */
    public List<String> isolated(List<String> argv) {
        if (setsid.isEmpty()) {
            return argv;
        }
        var prefixed = new java.util.ArrayList<String>(argv.size() + 1);
        prefixed.add(setsid.get());
        prefixed.addAll(argv);
        return prefixed;
    }

    /** Kills the process, its process group when it leads one, and every descendant. */
    public void kill(Process process) {
        // A pty process (pty4j) has a pid but no handle of its own: find it by pid.
        ProcessHandle handle = ProcessHandle.of(process.pid()).orElse(null);
        List<ProcessHandle> descendants = handle == null ? List.of() : handle.descendants().toList();
        if (setsid.isPresent()) {
            // setsid (not a group leader when Java starts it) execs in place: the command's pid is its group id.
            libc.kill(-(int) process.pid(), SIGKILL);
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        if (handle != null) {
            handle.descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }
}
