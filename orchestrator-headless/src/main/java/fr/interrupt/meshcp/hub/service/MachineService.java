package fr.interrupt.meshcp.hub.service;

import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.audit.AuditLog;
import fr.interrupt.meshcp.hub.fleet.AgentChannels;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.proto.agent.v1.PingRequest;
import fr.interrupt.meshcp.proto.agent.v1.PingResponse;
import fr.interrupt.meshcp.shared.labels.LabelEdit;
import fr.interrupt.meshcp.shared.labels.LabelSelector;
import fr.interrupt.meshcp.shared.labels.Labels;
import java.time.Clock;
import io.grpc.ConnectivityState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** Machines as every face shows them: list, ping, live status, the fleet snapshot, remove. */
public final class MachineService {
    public static final Duration PING_DEADLINE = Duration.ofSeconds(5);

    /**
     * How {@link #snapshot()} and {@link #statuses()} fan out: at most {@code parallelism} machines at once, and
     * the whole call returns within {@code deadline} (machines with no answer by then are reported as such).
     */
    public record FanOutSettings(int parallelism, Duration deadline) {
        /** 16 at once, 10 s in all: one ping deadline, then a system status in what is left. */
        public static final FanOutSettings DEFAULT = new FanOutSettings(FanOut.DEFAULT_PARALLELISM, PING_DEADLINE.multipliedBy(2));

        public FanOutSettings {
            if (parallelism < 1 || deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("parallelism must be at least 1 and the deadline positive");
            }
        }
    }

    private final MachineRegistry registry;
    private final AgentChannels channels;
    private final StatusService status;
    private final AuditLog audit;
    private final Clock clock;
    private final FanOut fanOut;
    private final FanOutSettings settings;

    public MachineService(MachineRegistry registry, AgentChannels channels, StatusService status, AuditLog audit, Clock clock,
                          Executor executor, FanOutSettings settings) {
        this.registry = registry;
        this.channels = channels;
        this.status = status;
        this.audit = audit;
        this.clock = clock;
        this.fanOut = new FanOut(executor, settings.parallelism());
        this.settings = settings;
    }

    /** Every enrolled machine, by name, as the registry has it now (a file read; no machine is contacted). */
    public List<Machine> list() {
        return registry.list();
    }

    /** The machine of that name. @throws MeshcpException NOT_FOUND ({@code UnknownMachineException}) */
    public Machine require(String name) {
        return registry.require(name);
    }

    /** The machine of that name, if enrolled (a file read). */
    public Optional<Machine> find(String name) {
        return registry.find(name);
    }

    /**
     * Changes whenever any process (this one, the CLI, {@code serve}, the desktop) writes the registry; compare
     * two values to know whether to re-read {@link #list()}. An opaque number, not a time to show.
     */
    public long registryVersion() {
        return registry.lastModifiedMillis();
    }

    public PingResult ping(String name) {
        return ping(registry.require(name));
    }

    /**
     * One Ping RPC. When no connection was open yet, the first call pays for TCP and the TLS
     * handshake; a second call then measures the round trip itself, as people expect of "ping".
     */
    public PingResult ping(Machine machine) {
        try {
            boolean cold = channels.channel(machine).getState(false) != ConnectivityState.READY;
            Timed reply = pingOnce(machine);
            if (cold) {
                reply = pingOnce(machine);
            }
            PingResponse response = reply.response();
            Instant now = clock.instant();
            registry.markSeen(machine.name(), now, response.getAgentVersion(), response.getLabelsMap());
            return new PingResult(machine.seen(now, response.getAgentVersion()).withAgentLabels(response.getLabelsMap()), reply.roundTrip(),
                    response.getAgentVersion(), response.getUptimeSeconds());
        } catch (RuntimeException e) {
            if (e instanceof MeshcpException m) {
                throw m;
            }
            throw AgentErrors.translate(e, machine);
        }
    }

    private record Timed(PingResponse response, Duration roundTrip) {
    }

    private Timed pingOnce(Machine machine) {
        long start = System.nanoTime();
        PingResponse response = channels.blocking(machine)
                .withDeadlineAfter(PING_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .ping(PingRequest.getDefaultInstance());
        return new Timed(response, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Pings every machine ({@link FanOutSettings#parallelism()} at once); returns within the settings' deadline,
     * a machine with no answer by then being offline with that reason. Order: by name.
     */
    public List<MachineStatus> statuses() {
        return fanOut.map(registry.list(), this::status, m -> MachineStatus.offline(m, noAnswer()), settings.deadline());
    }

    /**
     * The fleet now, for every face's machine list: each machine pinged, then, when online, asked for its system
     * status in the time left; {@link FanOutSettings#parallelism()} machines at once, the whole call within the
     * settings' deadline (a machine with no answer by then is offline, or online without system status, with the
     * reason). Order: by name. Blocking: never call it on a UI thread.
     */
    public List<MachineSnapshot> snapshot() {
        long deadline = System.nanoTime() + settings.deadline().toNanos();
        return fanOut.map(registry.list(), m -> snapshot(m, deadline),
                m -> MachineSnapshot.offline(MachineStatus.offline(m, noAnswer())), settings.deadline());
    }

    private MachineSnapshot snapshot(Machine machine, long deadlineNanos) {
        MachineStatus ping = status(machine);
        if (!ping.online()) {
            return MachineSnapshot.offline(ping);
        }
        // the registry's lastSeen is written at most every 30 s: an online machine was seen by this very ping
        Machine fresh = registry.find(machine.name())
                .map(m -> m.seen(ping.machine().lastSeen(), ping.agentVersion()))
                .orElse(ping.machine());
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            return MachineSnapshot.online(ping, fresh, null, "no system status within " + settings.deadline().toSeconds() + " s");
        }
        try {
            return MachineSnapshot.online(ping, fresh, status.status(machine, Duration.ofNanos(left)), null);
        } catch (MeshcpException e) {
            return MachineSnapshot.online(ping, fresh, null, e.getMessage());
        }
    }

    /**
     * The fleet as {@link #snapshot()} sees it, only the machines whose labels match {@code selector} (labels as
     * reported by this very ping; an offline machine's are the last it reported, kept in the registry).
     */
    public List<MachineSnapshot> snapshot(LabelSelector selector) {
        return snapshot().stream().filter(s -> selector.matches(s.machine().labels())).toList();
    }

    /**
     * The machines whose labels match {@code selector}, by name: every machine is pinged first (as {@link #statuses()},
     * within its deadline) so an agent's labels are the ones it reports now; an offline machine is matched on the
     * labels it last reported (kept in the registry), so it is selected and then fails alone, as with "all machines".
     *
     * @throws MeshcpException NOT_FOUND when no machine is enrolled, or none matches (the sentence names the selector)
     */
    public List<Machine> select(LabelSelector selector) {
        List<MachineStatus> fleet = statuses();
        if (fleet.isEmpty()) {
            throw new MeshcpException(MeshcpException.Kind.NOT_FOUND, "no machine is enrolled yet");
        }
        List<Machine> matching = fleet.stream().map(MachineStatus::machine).filter(m -> selector.matches(m.labels())).toList();
        if (matching.isEmpty()) {
            throw new MeshcpException(MeshcpException.Kind.NOT_FOUND, "no machine matches the selector " + selector
                    + " (machines and their labels: " + fleet.stream().map(s -> s.machine().name()
                            + (s.machine().labels().isEmpty() ? " (none)" : " (" + Labels.format(s.machine().labels()) + ")"))
                            .limit(20).reduce((a, b) -> a + ", " + b).orElse("") + (fleet.size() > 20 ? ", ..." : "") + ")");
        }
        return matching;
    }

    /**
     * Changes a machine's hub-set labels ({@link MachineRegistry#label}) and audits it ("label", with the change).
     * Hub-set labels win over the agent's on the same key; see {@link Machine#labels()}.
     *
     * @throws MeshcpException NOT_FOUND, CONFLICT (a new value for an existing label without {@code overwrite}),
     *                         INVALID_INPUT (too many labels)
     */
    public Machine label(String name, LabelEdit edit, boolean overwrite) {
        Machine changed = registry.label(name, edit.set(), edit.remove(), overwrite);
        audit.record("label", name, Map.of("set", Labels.format(edit.set()), "remove", String.join(",", edit.remove())));
        return changed;
    }

    private String noAnswer() {
        return "no answer within " + settings.deadline().toSeconds() + " s";
    }

    public MachineStatus status(Machine machine) {
        try {
            return MachineStatus.online(ping(machine));
        } catch (MeshcpException e) {
            return MachineStatus.offline(registry.find(machine.name()).orElse(machine), e.getMessage());
        }
    }

    /**
     * Removes the machine from the registry, revokes its certificate and audits it ("remove").
     *
     * @throws MeshcpException NOT_FOUND for an unknown name
     */
    public Machine remove(String name) {
        Machine removed = registry.remove(name, clock.instant());
        channels.forget(name);
        audit.record("remove", name, Map.of("serial", removed.certificateSerial()));
        return removed;
    }
}
