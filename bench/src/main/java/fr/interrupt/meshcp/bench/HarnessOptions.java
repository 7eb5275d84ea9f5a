package fr.interrupt.meshcp.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * The harness's command line, as bench/run.sh passes it.
 *
 * <pre>
 * Harness --hub LAUNCHER --agent LAUNCHER --desktop-lib DIR --out FILE [--smoke] [--only N,N...] [--command TEXT]
 *         (--ssh-config FILE --ssh-hosts N --remote-dir DIR --sshd-pid PID | --no-ssh REASON)
 * </pre>
 *
 * @param desktopLib the built desktop's lib directory (workload 9 runs its table in a child JVM from it)
 * @param command    the command line that ran the harness, written above the table
 * @param only       the workload numbers (1 to 9) to run; empty runs them all
 */
record HarnessOptions(Path hubLauncher, Path agentLauncher, Path desktopLib, Path out, boolean smoke, String command, SshAnchor ssh,
                      Set<Integer> only) {

    /** Whether workload {@code number} (1 to 9, as in issue 12) is to run. */
    boolean runs(int number) {
        return only.isEmpty() || only.contains(number);
    }

    /** @throws IllegalArgumentException naming the option that is missing or wrong */
    static HarnessOptions parse(String[] args) {
        Path hub = null;
        Path agent = null;
        Path desktopLib = null;
        Path out = null;
        boolean smoke = false;
        String command = "bench/run.sh";
        Path sshConfig = null;
        int sshHosts = 0;
        Path remoteDir = null;
        long sshdPid = -1;
        String noSsh = null;
        Set<Integer> only = new TreeSet<>();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if ("--smoke".equals(option)) {
                smoke = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--hub" -> hub = Path.of(value);
                case "--agent" -> agent = Path.of(value);
                case "--desktop-lib" -> desktopLib = Path.of(value);
                case "--out" -> out = Path.of(value);
                case "--command" -> command = value;
                case "--ssh-config" -> sshConfig = Path.of(value);
                case "--ssh-hosts" -> sshHosts = number(option, value);
                case "--remote-dir" -> remoteDir = Path.of(value);
                case "--sshd-pid" -> sshdPid = number(option, value);
                case "--no-ssh" -> noSsh = value;
                case "--only" -> only.addAll(workloads(value));
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        for (Path launcher : new Path[] {hub, agent}) {
            if (launcher == null || !Files.isExecutable(launcher)) {
                throw new IllegalArgumentException("--hub and --agent must name the built launchers (./mvnw -B -o -q package -DskipTests)");
            }
        }
        if (desktopLib == null || !Files.isDirectory(desktopLib)) {
            throw new IllegalArgumentException("--desktop-lib must name the built desktop's lib directory (./mvnw -B -o -q package -DskipTests)");
        }
        if (out == null) {
            throw new IllegalArgumentException("--out FILE is required");
        }
        SshAnchor ssh = noSsh != null || sshConfig == null
                ? SshAnchor.none(noSsh != null ? noSsh : "skipped: no --ssh-config")
                : SshAnchor.of(sshConfig, sshHosts, remoteDir, sshdPid);
        return new HarnessOptions(hub, agent, desktopLib, out, smoke, command, ssh, Set.copyOf(only));
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number, not '" + value + "'");
        }
    }

    private static Set<Integer> workloads(String value) {
        Set<Integer> numbers = new TreeSet<>();
        for (String part : value.split(",", -1)) {
            int number = number("--only", part.strip());
            if (number < 1 || number > 9) {
                throw new IllegalArgumentException("--only takes workload numbers from 1 to 9, not '" + part.strip() + "'");
            }
            numbers.add(number);
        }
        return numbers;
    }
}
