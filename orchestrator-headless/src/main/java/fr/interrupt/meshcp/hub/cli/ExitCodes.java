package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.MeshcpException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * The CLI's exit codes, one per {@link MeshcpException.Kind}; documented in the README and the {@code --help}
 * footer. {@code exec} keeps its own: the remote command's exit code, 124 timeout, 130 cancelled, 141 broken
 * pipe, and 1 for any failure before or around the command (so a remote "exit 3" is never mistaken for "not
 * found").
 */
final class ExitCodes implements CommandLine.IExitCodeExceptionMapper {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final int NOT_FOUND = 3;
    static final int REFUSED = 4;
    static final int UNREACHABLE = 5;
    static final int STATE = 6;
    /** 128 + SIGINT, as shells report Ctrl-C. */
    static final int CANCELLED = 130;

    /** The table {@code --help} prints under "Exit codes:", code to meaning, in order. */
    static Map<String, String> help() {
        Map<String, String> table = new LinkedHashMap<>();
        table.put("0", "success");
        table.put("1", "failure (for exec: any failure before or around the remote command)");
        table.put("2", "usage: an invalid option, argument or value");
        table.put("3", "not found: machine, token, file");
        table.put("4", "refused by a policy (the agent's capabilities, a limit)");
        table.put("5", "unreachable: the machine did not answer");
        table.put("6", "the data dir or a state file cannot be used");
        table.put("130", "cancelled (Ctrl-C)");
        table.put("exec", "the remote command's exit code; 124 timeout, 130 cancelled, 141 output closed");
        return table;
    }

    /** The code for a failure of that kind. */
    static int of(MeshcpException.Kind kind) {
        return switch (kind) {
            case INVALID_INPUT -> USAGE;
            case NOT_FOUND -> NOT_FOUND;
            case REFUSED -> REFUSED;
            case UNREACHABLE -> UNREACHABLE;
            case STATE -> STATE;
            case CANCELLED -> CANCELLED;
            case CONFLICT -> FAILURE;
        };
    }

    /** {@link MeshcpException}s (also as a cause) by kind; anything else is an unexpected {@link #FAILURE}. */
    @Override
    public int getExitCode(Throwable exception) {
        MeshcpException failure = Failures.meshcp(exception);
        return failure == null ? FAILURE : of(failure.kind());
    }
}
