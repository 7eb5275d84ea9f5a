package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.service.FileService;
import fr.interrupt.meshcp.proto.agent.v1.FileInfo;
import fr.interrupt.meshcp.proto.agent.v1.FileType;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "ls", mixinStandardHelpOptions = true,
        description = {
            "List a directory on a machine (like ls -l).",
            "",
            "One line per entry, sorted by name: type and permissions, size in bytes, modification time "
                    + "(local time), name, and -> target for a symlink. Large directories are fetched page by page.",
            "A file, or a symlink named without a trailing /, is shown as one line (like ls -l)."
        })
final class LsCommand implements Callable<Integer> {
    @ParentCommand
    OrchestratorCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The machine.")
    String machine;

    @Parameters(index = "1", paramLabel = "PATH", description = "An absolute path on the machine.")
    String path;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ZoneId zone = ZoneId.systemDefault();
        try (Hub hub = root.openHub("cli")) {
            FileService files = hub.files();
            if (!path.endsWith("/")) {
                FileInfo info = files.stat(machine, path);
                if (info.getType() != FileType.DIRECTORY) {
                    out.println(Listing.line(info, zone));
                    return 0;
                }
            }
            String token = "";
            do {
                FileService.ListPage page = files.list(machine, path, token, 0);
                for (FileInfo entry : page.entries()) {
                    out.println(Listing.line(entry, zone));
                }
                out.flush();
                token = page.nextPageToken();
            } while (!token.isEmpty());
            return 0;
        }
    }
}
