package fr.interrupt.meshcp.agent.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;

/** Entry point of the meshcp-agent launcher. */
public final class AgentMain {
    private static final String LAUNCH_MECHANISM = "jdk.lang.Process.launchMechanism";

    private AgentMain() {
    }

    public static void main(String[] args) {
        // VFORK spawns about twice as fast as JDK 17's Linux default (POSIX_SPAWN via jspawnhelper): see docs in the report.
        if (System.getProperty(LAUNCH_MECHANISM) == null && System.getProperty("os.name", "").equals("Linux")) {
            System.setProperty(LAUNCH_MECHANISM, "VFORK");
        }
        Charset charset = Charset.defaultCharset();
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, charset), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, charset), true);
        int code = AgentCli.create(out, err, AgentCli.Services.real()).execute(args);
        System.exit(code);
    }
}
