package fr.interrupt.meshcp.agent.server;

import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.agent.docker.ContainerSummary;
import fr.interrupt.meshcp.agent.files.FileMeta;
import fr.interrupt.meshcp.agent.shell.JobSnapshot;
import fr.interrupt.meshcp.agent.shell.KeptStream;
import fr.interrupt.meshcp.agent.shell.StreamName;
import fr.interrupt.meshcp.agent.system.SystemSnapshot;
import fr.interrupt.meshcp.proto.agent.v1.Container;
import fr.interrupt.meshcp.proto.agent.v1.Cpu;
import fr.interrupt.meshcp.proto.agent.v1.Disk;
import fr.interrupt.meshcp.proto.agent.v1.DockerCapability;
import fr.interrupt.meshcp.proto.agent.v1.FileInfo;
import fr.interrupt.meshcp.proto.agent.v1.FileType;
import fr.interrupt.meshcp.proto.agent.v1.FilesCapability;
import fr.interrupt.meshcp.proto.agent.v1.JobInfo;
import fr.interrupt.meshcp.proto.agent.v1.JobState;
import fr.interrupt.meshcp.proto.agent.v1.Memory;
import fr.interrupt.meshcp.proto.agent.v1.NetworkInterface;
import fr.interrupt.meshcp.proto.agent.v1.OutputStream;
import fr.interrupt.meshcp.proto.agent.v1.ShellCapability;
import fr.interrupt.meshcp.proto.agent.v1.StreamInfo;
import fr.interrupt.meshcp.proto.agent.v1.SystemCapability;
import fr.interrupt.meshcp.proto.agent.v1.SystemStatus;

/** From the capabilities' own types to the wire's. */
final class ProtoMapper {
    private ProtoMapper() {
    }

    static FileInfo fileInfo(FileMeta meta) {
        return FileInfo.newBuilder()
                .setName(meta.name())
                .setPath(meta.path())
                .setType(fileType(meta.kind()))
                .setSize(meta.size())
                .setMode(meta.mode())
                .setModifiedMillis(meta.modifiedMillis())
                .setSymlinkTarget(meta.symlinkTarget())
                .build();
    }

    private static FileType fileType(FileMeta.Kind kind) {
        switch (kind) {
            case REGULAR:
                return FileType.REGULAR;
            case DIRECTORY:
                return FileType.DIRECTORY;
            case SYMLINK:
                return FileType.SYMLINK;
            default:
                return FileType.OTHER;
        }
    }

    static SystemStatus systemStatus(SystemSnapshot s, String agentVersion, String machineName, Capabilities capabilities) {
        SystemStatus.Builder b = SystemStatus.newBuilder()
                .setHostname(s.hostname())
                .setOs(s.os())
                .setKernel(s.kernel())
                .setArch(s.arch())
                .setUptimeSeconds(s.uptimeSeconds())
                .setCpu(Cpu.newBuilder()
                        .setModel(s.cpu().model())
                        .setPhysicalCores(s.cpu().physicalCores())
                        .setLogicalCores(s.cpu().logicalCores())
                        .addAllLoadAverage(s.cpu().loadAverage())
                        .setUsagePercent(s.cpu().usagePercent()))
                .setMemory(Memory.newBuilder()
                        .setTotalBytes(s.memory().totalBytes())
                        .setAvailableBytes(s.memory().availableBytes())
                        .setSwapTotalBytes(s.memory().swapTotalBytes())
                        .setSwapUsedBytes(s.memory().swapUsedBytes()))
                .setAgentVersion(agentVersion)
                .setMachineName(machineName)
                .setCapabilities(capabilities(capabilities));
        for (SystemSnapshot.Disk d : s.disks()) {
            b.addDisks(Disk.newBuilder().setMount(d.mount()).setType(d.type()).setTotalBytes(d.totalBytes())
                    .setFreeBytes(d.availableBytes()).setUsedBytes(d.usedBytes()).setAvailableBytes(d.availableBytes()));
        }
        for (SystemSnapshot.Nic n : s.network()) {
            b.addNetwork(NetworkInterface.newBuilder().setName(n.name()).addAllAddresses(n.addresses()));
        }
        return b.build();
    }

    static fr.interrupt.meshcp.proto.agent.v1.Capabilities capabilities(Capabilities c) {
        return fr.interrupt.meshcp.proto.agent.v1.Capabilities.newBuilder()
                .setShell(ShellCapability.newBuilder()
                        .setEnabled(c.shell().enabled())
                        .setMaxTimeoutSeconds(c.shell().maxTimeoutSeconds())
                        .addAllAllowedCommands(c.shell().allowedCommands())
                        .setMaxOutputBytes(c.shell().maxOutputBytes())
                        .setMaxConcurrent(c.shell().maxConcurrent())
                        .setJobHeadBytes(c.shell().jobHeadBytes())
                        .setJobTailBytes(c.shell().jobTailBytes())
                        .setFinishedJobsKept(c.shell().finishedJobsKept())
                        .setFinishedJobTtlSeconds(c.shell().finishedJobTtlMinutes() * 60))
                .setFiles(FilesCapability.newBuilder()
                        .setEnabled(c.files().enabled())
                        .setMaxFileSizeBytes(c.files().maxFileSizeBytes())
                        .addAllAllowedPaths(c.files().allowedPaths().stream().map(Object::toString).toList())
                        .setProtectsOwnFiles(true))
                .setSystem(SystemCapability.newBuilder().setEnabled(c.system().enabled()))
                .setDocker(DockerCapability.newBuilder().setEnabled(c.docker().enabled()))
                .build();
    }

    /** Longest command a job list carries, in characters; longer ones end with "..." (GetJob has the whole). */
    static final int LISTED_COMMAND_CHARS = 4096;

    /** The job as a list shows it: its command cut to {@link #LISTED_COMMAND_CHARS}. */
    static JobInfo listed(JobInfo info) {
        String command = info.getCommand();
        return command.length() <= LISTED_COMMAND_CHARS ? info
                : info.toBuilder().setCommand(command.substring(0, LISTED_COMMAND_CHARS) + "...").build();
    }

    static JobInfo jobInfo(JobSnapshot j) {
        return JobInfo.newBuilder()
                .setId(j.id())
                .setCommand(j.command())
                .setCaller(j.caller())
                .setState(jobState(j.state()))
                .setExitCode(j.exitCode())
                .setSignal(j.signal())
                .setStartedMillis(j.startedMillis())
                .setEndedMillis(j.endedMillis())
                .setStdout(streamInfo(j.stdout()))
                .setStderr(streamInfo(j.stderr()))
                .setWorkingDirectory(j.workingDirectory())
                .setTimeoutSeconds((int) j.timeoutSeconds())
                .setFailure(j.failure())
                .setCancelOnDisconnect(j.cancelOnDisconnect())
                .build();
    }

    static StreamInfo streamInfo(KeptStream.Info info) {
        return StreamInfo.newBuilder().setTotalBytes(info.totalBytes()).setHeadEnd(info.headEnd()).setTailStart(info.tailStart()).build();
    }

    static JobState jobState(fr.interrupt.meshcp.agent.shell.JobState state) {
        switch (state) {
            case RUNNING:
                return JobState.JOB_STATE_RUNNING;
            case EXITED:
                return JobState.JOB_STATE_EXITED;
            case TIMED_OUT:
                return JobState.JOB_STATE_TIMED_OUT;
            case CANCELLED:
                return JobState.JOB_STATE_CANCELLED;
            default:
                return JobState.JOB_STATE_FAILED_TO_START;
        }
    }

    static OutputStream stream(StreamName name) {
        return name == StreamName.STDOUT ? OutputStream.STDOUT : OutputStream.STDERR;
    }

    static Container container(ContainerSummary c) {
        return Container.newBuilder()
                .setId(c.id())
                .addAllNames(c.names())
                .setImage(c.image())
                .setState(c.state())
                .setStatus(c.status())
                .setCreatedSeconds(c.createdSeconds())
                .build();
    }
}
