package fr.interrupt.meshcp.hub.cli;

/** Entry point of the `orchestrator-headless` (alias `meshcp-orchestrator`) command. */
public final class OrchestratorMain {
    private OrchestratorMain() {
    }

    public static void main(String[] args) {
        Logging.configure(args);
        int code = CliFactory.createFor(args, System.out, System.err, System.getenv()).execute(args);
        if (code != CliFactory.KEEP_RUNNING) {
            System.exit(code);
        }
    }
}
