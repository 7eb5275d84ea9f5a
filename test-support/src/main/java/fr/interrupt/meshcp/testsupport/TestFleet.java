package fr.interrupt.meshcp.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A hub data dir with its enrollment endpoint running, and agents enrolled and started through the
 * built launchers, all on loopback, all real processes. Close it to stop everything.
 */
public final class TestFleet implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on https://([^ ]+):(\\d+)");
    /**
     * JVM options for the short-lived commands a test runs (hub CLI, agent enroll): C1 only. A CLI run of a second
     * or two then takes about 40% less CPU (measured on `token list`). Long-running agents keep the default JIT.
     */
    public static final String QUICK_JVM = "-XX:TieredStopAtLevel=1";

    private final Path root;
    private final Path dataDir;
    private final List<Process> processes = new ArrayList<>();
    private final int enrollmentPort;

    private TestFleet(Path root) {
        this.root = root;
        this.dataDir = root.resolve("hub");
        this.enrollmentPort = startEnrollmentServer();
    }

    /** A new hub in {@code root}/hub with its enrollment endpoint on a free loopback port. */
    public static TestFleet start(Path root) {
        return new TestFleet(root);
    }

    public Path dataDir() {
        return dataDir;
    }

    public String enrollmentUrl() {
        return "https://127.0.0.1:" + enrollmentPort;
    }

    /** Runs `orchestrator-headless --data-dir DIR ARGS...`. */
    public Launchers.Result hub(String... args) {
        List<String> all = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
        all.addAll(List.of(args));
        return Launchers.run(120, quick(Map.of()), Launchers.hubLauncher(), all.toArray(String[]::new));
    }

    /** Like {@link #hub}, with extra environment variables (such as MESHCP_JAVA_OPTS). */
    public Launchers.Result hubWithEnv(Map<String, String> env, String... args) {
        return Launchers.run(120, quick(env), Launchers.hubLauncher(), hubArgs(args));
    }

    /** Runs `orchestrator-headless --data-dir DIR ARGS...` with its stdout written byte for byte to {@code stdoutFile}. */
    public Launchers.Result hubToFile(Map<String, String> env, Path stdoutFile, String... args) {
        return Launchers.runToFile(120, quick(env), stdoutFile, Launchers.hubLauncher(), hubArgs(args));
    }

    /** Starts `orchestrator-headless --data-dir DIR ARGS...` and returns at once; the caller ends it. */
    public Process startHub(String... args) {
        return Launchers.start(quick(Map.of()), Launchers.hubLauncher(), hubArgs(args));
    }

    /** env with {@link #QUICK_JVM} as MESHCP_JAVA_OPTS, unless the caller chose its own options. */
    private static Map<String, String> quick(Map<String, String> env) {
        if (env.containsKey("MESHCP_JAVA_OPTS")) {
            return env;
        }
        Map<String, String> all = new HashMap<>(env);
        all.put("MESHCP_JAVA_OPTS", QUICK_JVM);
        return all;
    }

    private String[] hubArgs(String... args) {
        List<String> all = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    /** Runs `meshcp-agent ARGS...`. */
    public Launchers.Result agentCli(String... args) {
        return Launchers.run(60, quick(Map.of()), Launchers.agentLauncher(), args);
    }

    /** Creates a token for {@code name} and returns it. */
    public String token(String name) {
        return hub("token", "create", name, "--ttl", "1h", "-q").assertOk().stdout().trim();
    }

    /**
     * Enrolls {@code name} with the default capabilities, then starts it; returns once it answers a ping.
     */
    public Agent addAgent(String name) {
        return addAgent(name, null);
    }

    /**
     * Like {@link #addAgent(String)}, replacing the `capabilities:` section of the enrolled agent.yaml
     * with {@code capabilitiesYaml} (a YAML block starting with "capabilities:") when it is not null.
     */
    public Agent addAgent(String name, String capabilitiesYaml) {
        Agent agent = enroll(name);
        if (capabilitiesYaml != null) {
            agent.replaceCapabilities(capabilitiesYaml);
        }
        agent.start();
        return agent;
    }

    /** Enrolls {@code name} (token + meshcp-agent enroll) without starting it. */
    public Agent enroll(String name) {
        Path dir = root.resolve("agent-" + name);
        int port = Launchers.freePort();
        Agent agent = new Agent(name, dir, port);
        agentCli("enroll", "--orchestrator", enrollmentUrl(), "--token", token(name),
                "--config", agent.config().toString(), "--creds-dir", dir.resolve("creds").toString(),
                "--listen", "127.0.0.1:" + port).assertOk();
        return agent;
    }

    @Override
    public void close() {
        Processes.stopAll(processes);
    }

    private int startEnrollmentServer() {
        try {
            Process process = new ProcessBuilder(Launchers.hubLauncher().toString(), "--data-dir", dataDir.toString(),
                    "enroll-server", "--listen", "127.0.0.1:0")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            processes.add(process);
            process.getOutputStream().close();
            CompletableFuture<Integer> port = new CompletableFuture<>();
            StringBuilder seen = new StringBuilder();
            Thread reader = new Thread(() -> {
                try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = err.readLine()) != null) {
                        seen.append(line).append('\n');
                        Matcher m = LISTENING.matcher(line);
                        if (m.find()) {
                            port.complete(Integer.parseInt(m.group(2)));
                        }
                    }
                } catch (IOException ignored) {
                    // process ended
                }
                port.completeExceptionally(new AssertionError("enroll-server exited:\n" + seen));
            }, "enroll-server-stderr");
            reader.setDaemon(true);
            reader.start();
            return port.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("cannot start the enrollment endpoint", e);
        }
    }

    /** One enrolled agent, with its own config dir and loopback port. */
    public final class Agent {
        private final String name;
        private final Path dir;
        private final int port;
        private Process process;

        public Agent(String name, Path dir, int port) {
            this.name = name;
            this.dir = dir;
            this.port = port;
        }

        public String name() {
            return name;
        }

        public Path dir() {
            return dir;
        }

        public int port() {
            return port;
        }

        public Path config() {
            return dir.resolve("agent.yaml");
        }

        public Process process() {
            return process;
        }

        /** Replaces the capabilities section of agent.yaml (takes effect at the next start). */
        public void replaceCapabilities(String capabilitiesYaml) {
            try {
                String yaml = Files.readString(config());
                int at = yaml.indexOf("\ncapabilities:");
                String head = at < 0 ? yaml : yaml.substring(0, at + 1);
                Files.writeString(config(), head + capabilitiesYaml.strip() + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Starts `meshcp-agent start --config ...` and waits until the hub can ping it. */
        public Agent start() {
            try {
                process = new ProcessBuilder(Launchers.agentLauncher().toString(), "start", "--config", config().toString())
                        .redirectOutput(dir.resolve("agent.out").toFile())
                        .redirectError(dir.resolve("agent.err").toFile())
                        .start();
                process.getOutputStream().close();
                processes.add(process);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // a ping is a whole CLI run: wait for the agent's port (cheap, in this JVM) before the first one
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("agent " + name + " exited with " + process.exitValue() + ":\n" + log());
                }
                return accepts(port);
            });
            AtomicReference<Launchers.Result> last = new AtomicReference<>();
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    last.set(hub("ping", name));
                    return last.get().exitCode() == 0;
                });
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("agent " + name + " never answered a ping: " + last.get() + "\n" + log(), e);
            }
            return this;
        }

        /** SIGTERM, and wait for the process to end. */
        public void stop() {
            if (process != null) {
                Processes.stop(process, 15);
            }
        }

        public String log() {
            try {
                Path err = dir.resolve("agent.err");
                return Files.exists(err) ? Files.readString(err) : "";
            } catch (IOException e) {
                return "";
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
