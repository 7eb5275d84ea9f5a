package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.mcp.SharedViews;
import fr.interrupt.meshcp.hub.service.FileService;
import fr.interrupt.meshcp.proto.agent.v1.FileInfo;
import fr.interrupt.meshcp.proto.agent.v1.FileType;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ZoneId zone = ZoneId.systemDefault();
        try (Hub hub = root.openHub("cli")) {
            FileService files = hub.files();
            if (json.enabled) {
                return json(files, out);
            }
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

    /**
     * {"machine", "path", "entries": [list_files entries]}: a file is one entry, a directory its entries, every page; the first
     * page is read before anything is printed, so a path that cannot be listed prints no JSON.
     */
    private int json(FileService files, PrintWriter out) {
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("machine", machine);
        head.put("path", path);
        if (!path.endsWith("/")) {
            FileInfo info = files.stat(machine, path);
            if (info.getType() != FileType.DIRECTORY) {
                head.put("entries", List.of(SharedViews.fileInfo(info)));
                JsonOutput.print(out, head);
                return 0;
            }
        }
        FileService.ListPage page = files.list(machine, path, "", 0);
        try (JsonOutput.StreamedArray entries = JsonOutput.streamArray(out, head, "entries")) {
            while (true) {
                page.entries().forEach(entry -> entries.add(SharedViews.fileInfo(entry)));
                if (page.nextPageToken().isEmpty()) {
                    break;
                }
                page = files.list(machine, path, page.nextPageToken(), 0);
            }
        }
        return 0;
    }
}
