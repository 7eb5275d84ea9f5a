package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.registry.UnknownMachineException;
import fr.interrupt.meshcp.hub.service.RemotePaths;
import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.proto.agent.v1.FileType;
import fr.interrupt.meshcp.proto.agent.v1.WriteFileResponse;
import fr.interrupt.meshcp.hub.service.FileService;
import fr.interrupt.meshcp.shared.text.ByteSizes;
import fr.interrupt.meshcp.shared.text.FileModes;
import fr.interrupt.meshcp.shared.text.Printable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "put", mixinStandardHelpOptions = true,
        description = {
            "Upload a file to a machine.",
            "",
            "When REMOTE ends with / or is an existing directory, the file keeps "
                    + "its name there. The agent writes to a temporary file and renames it into place once "
                    + "complete, so a failed or refused transfer leaves nothing half-written; an existing file "
                    + "is replaced. Progress is shown on stderr when it is a terminal."
        })
final class PutCommand implements Callable<Integer> {
    @ParentCommand
    OrchestratorCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The machine.")
    String machine;

    @Parameters(index = "1", paramLabel = "LOCAL", description = "The file to upload.")
    Path local;

    @Parameters(index = "2", paramLabel = "REMOTE", description = "An absolute path on the machine.")
    String remote;

    @Option(names = "--mode", paramLabel = "OCTAL",
            description = "Permission bits of the remote file, e.g. 0644 or 0755. Default: 0644 for a new file, unchanged for an existing one.")
    String mode;

    @Option(names = {"-p", "--parents"}, description = "Create missing parent directories on the machine.")
    boolean parents;

    @Override
    public Integer call() throws IOException {
        Integer bits = mode == null ? null : parseMode(mode);
        if (Files.isDirectory(local)) {
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, local + " is a directory: put copies one file");
        }
        if (!Files.isRegularFile(local)) {
            throw new MeshcpException(MeshcpException.Kind.NOT_FOUND, "no such local file: " + local);
        }
        CliStreams streams = root.streams();
        try (Hub hub = root.openHub("cli")) {
            String target = remoteTarget(hub, remote, local.getFileName().toString());
            Progress progress = new Progress(streams.err(), streams.errIsTerminal(), machine + ":" + target, Files.size(local));
            WriteFileResponse written;
            try {
                written = hub.files().upload(machine, local, target, bits, parents, progress);
            } catch (MeshcpException e) {
                throw parents || e.kind() != MeshcpException.Kind.NOT_FOUND || e instanceof UnknownMachineException ? e
                        : new MeshcpException(e.kind(), e.getMessage() + "; put --parents creates them", e);
            } finally {
                progress.done();
            }
            if (streams.errIsTerminal()) {
                spec.commandLine().getErr().println("Uploaded " + local + " to " + machine + ":" + written.getPath() + " ("
                        + ByteSizes.format(written.getBytesWritten()) + ").");
            }
            String inPlace = FileService.inPlaceNote(written);
            if (inPlace != null) {
                spec.commandLine().getErr().println(machine + ":" + written.getPath() + ": " + inPlace + ".");
            }
            return 0;
        }
    }

    /** REMOTE, or REMOTE/NAME when REMOTE ends with / or names a directory on the machine. */
    private String remoteTarget(Hub hub, String remote, String name) {
        if (remote.endsWith("/")) {
            return RemotePaths.child(remote, name);
        }
        try {
            if (hub.files().stat(machine, remote).getType() == FileType.DIRECTORY) {
                return RemotePaths.child(remote, name);
            }
        } catch (MeshcpException e) {
            if (e.kind() == MeshcpException.Kind.UNREACHABLE) {
                throw e;
            }
            // not there yet, or not ours to look at: the write itself says what the agent thinks of it
        }
        return remote;
    }

    /** "0644", "644", "0o755" → the bits; anything else is refused. */
    static int parseMode(String text) {
        try {
            return FileModes.parseOctal(text);
        } catch (IllegalArgumentException e) {
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, "--mode takes octal permission bits such as 0644 or 0755, not \""
                    + Printable.of(text, 20) + "\"");
        }
    }
}
