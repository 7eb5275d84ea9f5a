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
import fr.interrupt.meshcp.hub.registry.Sighting;
import java.util.ArrayList;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Machines as every face shows them: list, ping, live status, the fleet snapshot, remove. */
public final class MachineService {
    private static final Logger LOG = LoggerFactory.getLogger(MachineService.class);
    public static final Duration PING_DEADLINE = Duration.ofSeconds(5);

    /** Machines a fleet poll ({@link #snapshot()}, {@link #statuses()}) has in flight at once unless told otherwise. */
    public static final int DEFAULT_POLL_IN_FLIGHT = 256;

    /**
     * How {@link #snapshot()} and {@link #statuses()} fan out: the whole call returns within {@code deadline}
     * (machines with no answer by then are reported as such), with at most {@code pollInFlight} machines being dialled
     * or answering at once. Their calls are asynchronous and hold no thread while an agent answers, so an offline
     * machine costs one dial attempt, bounded by the shared deadline, not a thread's time. {@code parallelism} is
     * the number of threads the hub keeps for blocking fan-outs.
     */
    public record FanOutSettings(int parallelism, Duration deadline, int pollInFlight) {
        /** 16 threads, 256 machines in flight, 10 s in all: one ping deadline, then a system status in what is left. */
        public static final FanOutSettings DEFAULT = new FanOutSettings(FanOut.DEFAULT_PARALLELISM, PING_DEADLINE.multipliedBy(2));

        public FanOutSettings {
            if (parallelism < 1 || pollInFlight < 1 || deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("parallelism and pollInFlight must be at least 1 and the deadline positive");
            }
        }

        /** With {@link #DEFAULT_POLL_IN_FLIGHT} machines in flight. */
        public FanOutSettings(int parallelism, Duration deadline) {
            this(parallelism, deadline, DEFAULT_POLL_IN_FLIGHT);
        }
    }

    private final MachineRegistry registry;
    private final AgentChannels channels;
    private final StatusService status;
    private final AuditLog audit;
    private final Clock clock;
    private final Executor executor;
    private final FanOutSettings settings;

    public MachineService(MachineRegistry registry, AgentChannels channels, StatusService status, AuditLog audit, Clock clock,
                          Executor executor, FanOutSettings settings) {
        this.registry = registry;
        this.channels = channels;
        this.status = status;
        this.audit = audit;
        this.clock = clock;
        this.executor = executor;
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
     * Pings every machine (at most {@link FanOutSettings#pollInFlight()} at once); returns within the settings'
     * deadline, a machine with no answer by then being offline with that reason. Order: by name. The machines that
     * answered are recorded in the registry in one write.
     */
    public List<MachineStatus> statuses() {
        Sightings seen = new Sightings();
        List<MachineStatus> fleet = poll(registry.list(), (m, deadline) -> pingAsync(m, deadline, seen).handle((ping, failure) ->
                failure == null ? MachineStatus.online(ping) : MachineStatus.offline(m, UnaryCalls.failure(failure, m).getMessage())),
                m -> MachineStatus.offline(m, noAnswer()));
        seen.record(registry);
        return fleet;
    }

    /**
     * The fleet now, for every face's machine list: each machine pinged, then, when online, asked for its system
     * status in the time left; at most {@link FanOutSettings#pollInFlight()} machines at once, the whole call within the
     * settings' deadline (a machine with no answer by then is offline, or online without system status, with the
     * reason). Order: by name. The machines that answered are recorded in the registry in one write. Blocking: never
     * call it on a UI thread.
     */
    public List<MachineSnapshot> snapshot() {
        Sightings seen = new Sightings();
        List<MachineSnapshot> fleet = poll(registry.list(), (m, deadline) -> snapshotAsync(m, deadline, seen),
                m -> MachineSnapshot.offline(MachineStatus.offline(m, noAnswer())));
        seen.record(registry);
        return fleet;
    }

    private CompletableFuture<MachineSnapshot> snapshotAsync(Machine machine, long deadlineNanos, Sightings seen) {
        return pingAsync(machine, deadlineNanos, seen).handle((ping, failure) -> {
            if (failure != null) {
                return CompletableFuture.completedFuture(
                        MachineSnapshot.offline(MachineStatus.offline(machine, UnaryCalls.failure(failure, machine).getMessage())));
            }
            MachineStatus online = MachineStatus.online(ping);
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return CompletableFuture.completedFuture(MachineSnapshot.online(online, ping.machine(), null,
                        "no system status within " + settings.deadline().toSeconds() + " s"));
            }
            return status.statusAsync(machine, Duration.ofNanos(left)).handle((system, error) -> error == null
                    ? MachineSnapshot.online(online, ping.machine(), system, null)
                    : MachineSnapshot.online(online, ping.machine(), null, UnaryCalls.failure(error, machine).getMessage()));
        }).thenCompose(f -> f);
    }

    /**
     * Runs {@code call} on every machine, at most {@link FanOutSettings#pollInFlight()} at once, each started on the
     * hub's executor (so the caller's thread only counts permits) and given the shared deadline; a machine not
     * started or not answered by the deadline gets {@code late}. {@code call} must not fail. Order: as given.
     */
    private <R> List<R> poll(List<Machine> fleet, BiFunction<Machine, Long, CompletableFuture<R>> call, Function<Machine, R> late) {
        long deadline = System.nanoTime() + settings.deadline().toNanos();
        Semaphore inFlight = new Semaphore(settings.pollInFlight());
        List<CompletableFuture<R>> started = new ArrayList<>(fleet.size());
        try {
            for (Machine machine : fleet) {
                if (!inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    break;
                }
                CompletableFuture<R> answer = CompletableFuture.supplyAsync(() -> call.apply(machine, deadline), executor)
                        .thenCompose(f -> f);
                answer.whenComplete((r, e) -> inFlight.release());
                started.add(answer);
            }
            CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // each machine's own answer (or its absence) is read below
        }
        List<R> out = new ArrayList<>(fleet.size());
        for (int i = 0; i < fleet.size(); i++) {
            R answer = null;
            if (i < started.size() && started.get(i).isDone() && !started.get(i).isCompletedExceptionally()) {
                answer = started.get(i).join();
            }
            out.add(answer != null ? answer : late.apply(fleet.get(i)));
        }
        return out;
    }

    /**
     * A ping that holds no thread while the agent answers, within the shared deadline (and {@link #PING_DEADLINE});
     * on a new connection a second ping measures the round trip (the first one's time counts if the second fails).
     * The contact goes to {@code seen}, not to the registry. A machine without a connected channel is first tried with
     * a plain TCP connection ({@link AgentChannels#listening}); only one that accepts it gets a channel.
     */
    private CompletableFuture<PingResult> pingAsync(Machine machine, long deadlineNanos, Sightings seen) {
        if (channels.connected(machine)) {
            return pingChannel(machine, deadlineNanos, seen);
        }
        // a socket, not a channel, for each machine that refuses or does not answer: most of a large offline fleet
        return channels.listening(machine).thenComposeAsync(listening -> pingChannel(machine, deadlineNanos, seen), executor);
    }

    private CompletableFuture<PingResult> pingChannel(Machine machine, long deadlineNanos, Sightings seen) {
        boolean cold = channels.channel(machine).getState(false) != ConnectivityState.READY;
        CompletableFuture<Timed> first = pingOnceAsync(machine, deadlineNanos);
        CompletableFuture<Timed> reply = cold
                ? first.thenCompose(t -> pingOnceAsync(machine, deadlineNanos).exceptionally(e -> t))
                : first;
        reply.whenComplete((timed, failure) -> {
            if (failure != null) {
                channels.releaseIfFailing(machine.name());
            }
        });
        return reply.thenApply(timed -> {
            PingResponse response = timed.response();
            Instant now = clock.instant();
            seen.add(new Sighting(machine.name(), now, response.getAgentVersion(), response.getLabelsMap()));
            return new PingResult(machine.seen(now, response.getAgentVersion()).withAgentLabels(response.getLabelsMap()),
                    timed.roundTrip(), response.getAgentVersion(), response.getUptimeSeconds());
        });
    }

    private CompletableFuture<Timed> pingOnceAsync(Machine machine, long deadlineNanos) {
        long budget = Math.min(PING_DEADLINE.toNanos(), deadlineNanos - System.nanoTime());
        if (budget <= 0) {
            return CompletableFuture.failedFuture(new MeshcpException(MeshcpException.Kind.UNREACHABLE, noAnswer()));
        }
        long start = System.nanoTime();
        var stub = channels.async(machine).withDeadlineAfter(budget, TimeUnit.NANOSECONDS);
        return UnaryCalls.<PingResponse>call(observer -> stub.ping(PingRequest.getDefaultInstance(), observer))
                .thenApply(response -> new Timed(response, Duration.ofNanos(System.nanoTime() - start)));
    }

    /** The contacts of one fleet poll, written to the registry together when it ends. */
    private static final class Sightings {
        private final Queue<Sighting> seen = new ConcurrentLinkedQueue<>();

        void add(Sighting sighting) {
            seen.add(sighting);
        }

        void record(MachineRegistry registry) {
            try {
                registry.markSeen(List.copyOf(seen));
            } catch (MeshcpException e) {
                // last-seen is a hint: a registry that cannot be written now must not hide the fleet's state
                LOG.warn("cannot record when machines were last seen: {}", e.getMessage());
            }
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
