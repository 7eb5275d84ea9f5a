package fr.interrupt.meshcp.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ssh side of the comparison: hosts {@code h1..hN} of the ssh_config that bench/run.sh wrote (all 127.0.0.1, one
 * ControlMaster each through ControlPath per alias), or the reason there is none.
 */
final class SshAnchor {
    private final Path config;
    private final int hosts;
    private final Path remoteDir;
    private final long sshdPid;
    private final String missing;

    private SshAnchor(Path config, int hosts, Path remoteDir, long sshdPid, String missing) {
        this.config = config;
        this.hosts = hosts;
        this.remoteDir = remoteDir;
        this.sshdPid = sshdPid;
        this.missing = missing;
    }

    /** hosts h1..hN of config, served by the sshd whose listener is sshdPid; remoteDir is the ssh user's. */
    static SshAnchor of(Path config, int hosts, Path remoteDir, long sshdPid) {
        return new SshAnchor(config, hosts, remoteDir, sshdPid, null);
    }

    /** No ssh anchor; {@code reason} goes in the anchor column ("skipped: no sshd"). */
    static SshAnchor none(String reason) {
        return new SshAnchor(null, 0, null, -1, reason);
    }

    Path config() {
        return config;
    }

    /**
     * sshd's memory per live connection: the proportional set size (Pss) of every process under the listener, divided
     * by their connections (two processes each: the privileged monitor and the user's session). -1 when unknown.
     */
    double pssPerConnectionMiB() {
        var children = ProcessHandle.of(sshdPid).map(p -> p.descendants().toList()).orElse(java.util.List.of());
        long sessions = children.stream().filter(p -> p.parent().map(q -> q.pid() == sshdPid).orElse(false)).count();
        if (sessions == 0) {
            return -1;
        }
        double pss = children.stream().mapToDouble(p -> ProcMemory.pssMiB(p.pid())).filter(v -> v > 0).sum();
        return pss / sessions;
    }

    /** Why there is no ssh anchor, or empty when there is one. */
    Optional<String> missing() {
        return Optional.ofNullable(missing);
    }

    int hosts() {
        return hosts;
    }

    /** A directory the ssh user may read and write, for the transfer anchors. */
    Path remoteDir() {
        return remoteDir;
    }

    /** {@code ssh -F CONFIG hN REMOTE...}: through hN's ControlMaster once it runs. */
    List<String> ssh(int host, String... remote) {
        List<String> command = new ArrayList<>(List.of("ssh", "-F", config.toString(), "h" + host));
        command.addAll(List.of(remote));
        return command;
    }

    /** {@code scp} through the same configuration, and so the same master. */
    List<String> scp(String from, String to) {
        return List.of("scp", "-q", "-F", config.toString(), from, to);
    }

    /** {@code ssh -O exit hN}: stops hN's master, so the next ssh sets up a new connection. */
    List<String> exitMaster(int host) {
        return List.of("ssh", "-F", config.toString(), "-O", "exit", "h" + host);
    }
}
