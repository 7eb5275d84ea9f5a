package fr.interrupt.meshcp.hub.state;

import fr.interrupt.meshcp.hub.cli.CliFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Child process for {@link ConcurrentProcessesTest}: runs the real CLI's
 * {@code token create PREFIX<i> --ttl 1h -q} COUNT times on one data dir, starting when GO_FILE appears,
 * and prints each token on its own line. Exits 1 if any command failed.
 */
public final class TokenCreatorMain {
    private TokenCreatorMain() {
    }

    public static void main(String[] args) throws Exception {
        String dataDir = args[0];
        int count = Integer.parseInt(args[1]);
        String prefix = args[2];
        Path go = Path.of(args[3]);
        System.out.println("ready");
        System.out.flush();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(go) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        int failures = 0;
        for (int i = 0; i < count; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = CliFactory.create(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), Map.of())
                    .execute("--data-dir", dataDir, "token", "create", prefix + i, "--ttl", "1h", "-q");
            if (code != 0) {
                failures++;
                System.err.println("token create " + prefix + i + " exited " + code + ": " + err.toString(StandardCharsets.UTF_8));
            }
            System.out.print(out.toString(StandardCharsets.UTF_8));
        }
        System.out.flush();
        System.exit(failures == 0 ? 0 : 1);
    }
}
