package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.service.RemotePaths;
import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.service.FileService;
import fr.interrupt.meshcp.proto.agent.v1.FileInfo;
import fr.interrupt.meshcp.proto.agent.v1.FileType;
import fr.interrupt.meshcp.shared.text.ByteSizes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "get", mixinStandardHelpOptions = true,
        description = {
            "Download a file from a machine.",
            "",
            "LOCAL may be a directory (the remote file's name is kept there); "
                    + "default: the current directory. The file streams to a temporary file next to LOCAL, "
                    + "renamed into place only once complete, so a failed transfer leaves nothing half-written; "
                    + "an existing LOCAL is replaced. Its permissions follow your umask, like cp. "
                    + "Progress is shown on stderr when it is a terminal."
        })
final class GetCommand implements Callable<Integer> {
    @ParentCommand
    OrchestratorCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The machine.")
    String machine;

    @Parameters(index = "1", paramLabel = "REMOTE", description = "An absolute path on the machine.")
    String remote;

    @Parameters(index = "2", paramLabel = "LOCAL", arity = "0..1", defaultValue = ".", description = "Where to write it here.")
    String local;

    @Override
    public Integer call() {
        Path target = localTarget(local, remote);
        CliStreams streams = root.streams();
        try (Hub hub = root.openHub("cli")) {
            long total = streams.errIsTerminal() ? sizeForProgress(hub.files().stat(machine, remote)) : -1;
            Progress progress = new Progress(streams.err(), streams.errIsTerminal(), machine + ":" + remote, total);
            FileService.ReadResult result;
            try {
                result = hub.files().download(machine, remote, target, progress);
            } finally {
                progress.done();
            }
            if (streams.errIsTerminal()) {
                spec.commandLine().getErr().println("Downloaded " + machine + ":" + remote + " to " + target + " ("
                        + ByteSizes.format(result.bytes()) + ").");
            }
            return 0;
        }
    }

    /** The size of a regular file; unknown (-1) for a symlink, whose stat describes the link, not what it points to. */
    private static long sizeForProgress(FileInfo info) {
        return info.getType() == FileType.REGULAR ? info.getSize() : -1;
    }

    /** LOCAL itself, or LOCAL/NAME when LOCAL is a directory; its directory must exist. */
    static Path localTarget(String local, String remote) {
        Path target = Path.of(local);
        if (Files.isDirectory(target) || local.endsWith("/") || local.endsWith(java.io.File.separator)) {
            target = target.resolve(RemotePaths.baseName(remote));
        }
        Path parent = target.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new MeshcpException(MeshcpException.Kind.NOT_FOUND, "no such local directory: " + parent);
        }
        if (Files.isDirectory(target)) {
            throw new MeshcpException(MeshcpException.Kind.CONFLICT, target + " is a directory");
        }
        return target;
    }
}
