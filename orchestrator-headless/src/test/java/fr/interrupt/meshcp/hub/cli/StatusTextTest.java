package fr.interrupt.meshcp.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.proto.agent.v1.Capabilities;
import fr.interrupt.meshcp.proto.agent.v1.Cpu;
import fr.interrupt.meshcp.proto.agent.v1.Disk;
import fr.interrupt.meshcp.proto.agent.v1.DockerCapability;
import fr.interrupt.meshcp.proto.agent.v1.FilesCapability;
import fr.interrupt.meshcp.proto.agent.v1.Memory;
import fr.interrupt.meshcp.proto.agent.v1.NetworkInterface;
import fr.interrupt.meshcp.proto.agent.v1.ShellCapability;
import fr.interrupt.meshcp.proto.agent.v1.SystemCapability;
import fr.interrupt.meshcp.proto.agent.v1.SystemStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusTextTest {
    private static final long GIB = 1L << 30;

    private static SystemStatus status(Capabilities capabilities) {
        return SystemStatus.newBuilder().setHostname("web-01").setOs("Debian GNU/Linux 12").setKernel("6.1.0-18-amd64")
                .setArch("amd64").setUptimeSeconds(3 * 86400 + 4 * 3600 + 12 * 60)
                .setCpu(Cpu.newBuilder().setModel("Intel(R) Xeon(R) E-2236").setPhysicalCores(6).setLogicalCores(12)
                        .addAllLoadAverage(List.of(0.12, 0.3, 0.25)).setUsagePercent(3.24))
                .setMemory(Memory.newBuilder().setTotalBytes(16 * GIB).setAvailableBytes(10 * GIB).setSwapTotalBytes(2 * GIB))
                .addDisks(Disk.newBuilder().setMount("/").setType("ext4").setTotalBytes(100 * GIB).setFreeBytes(25 * GIB))
                .addNetwork(NetworkInterface.newBuilder().setName("eth0").addAddresses("192.168.1.10").addAddresses("fe80:0:0:0:0:0:0:1%eth0"))
                .setAgentVersion("0.1.0").setMachineName("web").setCapabilities(capabilities).build();
    }

    private static Capabilities restricted() {
        return Capabilities.newBuilder()
                .setShell(ShellCapability.newBuilder().setEnabled(true).setMaxTimeoutSeconds(300).setMaxOutputBytes(10L << 20)
                        .setMaxConcurrent(4).addAllowedCommands("ls").addAllowedCommands("df"))
                .setFiles(FilesCapability.newBuilder().setEnabled(true).setMaxFileSizeBytes(1L << 20).addAllowedPaths("/srv"))
                .setSystem(SystemCapability.newBuilder().setEnabled(true))
                .setDocker(DockerCapability.newBuilder().setEnabled(false)).build();
    }

    @Test
    void showsTheSystemOneTopicPerLine() {
        String text = String.join("\n", StatusText.lines("web", status(restricted())));
        assertThat(text).contains("Machine:      web (hostname web-01)")
                .contains("OS:           Debian GNU/Linux 12")
                .contains("Kernel:       6.1.0-18-amd64")
                .contains("Uptime:       3d 04h")
                .contains("CPU:          Intel(R) Xeon(R) E-2236, 6 cores, 12 threads")
                .contains("Load:         0.12 0.30 0.25 (1, 5, 15 min)")
                .contains("CPU usage:    3.2%")
                .contains("Memory:       6.0 GiB used of 16.0 GiB (10.0 GiB available)")
                .contains("Swap:         0 B used of 2.0 GiB")
                .contains("Disks:        /  ext4  75.0 GiB used of 100.0 GiB (75%), 25.0 GiB available")
                .contains("Network:      eth0  192.168.1.10, fe80::1%eth0") // as the agent sends it: fe80:0:0:0:0:0:0:1%eth0
                .contains("Agent:        0.1.0");
    }

    @Test
    void showsEachCapabilityWithItsLimits() {
        List<String> lines = StatusText.lines("web", status(restricted()));
        assertThat(lines).contains(
                "  shell       enabled: timeout up to 300 s, output up to 10.0 MiB, 4 at once; only ls, df (no shell; any arguments, and allowed_paths does not bound what they open)",
                "  files       enabled: files up to 1.0 MiB; only under /srv",
                "  system      enabled",
                "  docker      disabled");
    }

    @Test
    void unrestrictedCapabilitiesSayAnything() {
        Capabilities open = Capabilities.newBuilder()
                .setShell(ShellCapability.newBuilder().setEnabled(true).setMaxTimeoutSeconds(60).setMaxOutputBytes(1 << 20).setMaxConcurrent(1))
                .setFiles(FilesCapability.newBuilder().setEnabled(false)).build();
        String text = String.join("\n", StatusText.lines("web", status(open)));
        assertThat(text).contains("any command (through the shell)").contains("files       disabled");
    }

    @Test
    void anyPathSaysTheAgentKeepsItsOwnFilesWhenItDoes() {
        FilesCapability protecting = FilesCapability.newBuilder().setEnabled(true).setMaxFileSizeBytes(50L << 20)
                .setProtectsOwnFiles(true).build();
        FilesCapability older = protecting.toBuilder().setProtectsOwnFiles(false).build();

        assertThat(StatusText.lines("web", status(Capabilities.newBuilder().setFiles(protecting).build())))
                .contains("  files       enabled: files up to 50.0 MiB; any path except the agent's own files");
        assertThat(StatusText.lines("web", status(Capabilities.newBuilder().setFiles(older).build())))
                .contains("  files       enabled: files up to 50.0 MiB; any absolute path");
    }
}
