package fr.interrupt.meshcp.desktop.enroll;

import fr.interrupt.meshcp.desktop.ui.Dispatch;
import fr.interrupt.meshcp.desktop.ui.Formats;
import fr.interrupt.meshcp.desktop.ui.Tasks;
import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.tokens.IssuedToken;
import fr.interrupt.meshcp.hub.tokens.TokenRecord;
import fr.interrupt.meshcp.hub.tokens.TokenState;
import fr.interrupt.meshcp.shared.MachineName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Adding a machine: issue a token (name checked as it is typed), show it as a QR code and as the
 * exact enroll command, count down to its expiry, and turn to "enrolled" when the machine arrives.
 * Also lists pending tokens (with revoke) and adds this computer in one click.
 */
public final class AddMachineViewModel {
    /** Where the dialog is. */
    public enum Step {
        FORM,
        WAITING,
        ENROLLED,
        EXPIRED
    }

    private static final Duration LOCAL_TOKEN_TTL = Duration.ofMinutes(10);
    private static final Duration LOCAL_AGENT_WAIT = Duration.ofSeconds(60);

    private final Hub hub;
    private final Dispatch dispatch;
    private final Clock clock;
    private final Supplier<EndpointStatus> endpointStatus;
    private final EnrollmentEndpoint endpoint;
    private final LocalAgent localAgent;

    private final StringProperty name = new SimpleStringProperty("");
    private final ObjectProperty<TtlChoice> ttl = new SimpleObjectProperty<>(TtlChoice.ONE_HOUR);
    private final ReadOnlyStringWrapper nameError = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper canCreate = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<Step> step = new ReadOnlyObjectWrapper<>(Step.FORM);
    private final ReadOnlyObjectWrapper<IssuedToken> issued = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper command = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<QrCode> qrCode = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper expiresIn = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper endpointWarning = new ReadOnlyStringWrapper();
    private final ObservableList<TokenRow> pendingTokens = FXCollections.observableArrayList();
    private final ObservableList<TokenRow> readOnlyPending = FXCollections.unmodifiableObservableList(pendingTokens);
    private final ReadOnlyBooleanWrapper localBusy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper localStatus = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper localOnline = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper localName = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper localAction = new ReadOnlyStringWrapper(ADD_LOCAL);
    private final ReadOnlyBooleanWrapper spent = new ReadOnlyBooleanWrapper();

    /** The local card's button before this computer has an agent, and once it has one. */
    static final String ADD_LOCAL = "Add this computer";
    static final String RESTART_LOCAL = "Restart this computer's agent";
    /** How often (in ticks, seconds) the open dialog checks that this computer's agent still answers. */
    private static final int LOCAL_CHECK_TICKS = 3;
    private boolean checkingLocal;

    private static final int TOKEN_RELOAD_TICKS = 5;
    private boolean checking;
    private long ticks;
    private Tasks.Handle localTask;

    public AddMachineViewModel(Hub hub, Dispatch dispatch, Clock clock, EnrollmentEndpoint endpoint,
                               Supplier<EndpointStatus> endpointStatus, LocalAgent localAgent, String hostname) {
        this.hub = hub;
        this.dispatch = dispatch;
        this.clock = clock;
        this.endpoint = endpoint;
        this.endpointStatus = endpointStatus;
        this.localAgent = localAgent;
        this.localName.set(LocalAgent.suggestedName(hostname));
        name.addListener((obs, old, now) -> validate());
        validate();
        canCreate.bind(Bindings.createBooleanBinding(() -> nameError.get() == null && !name.get().isEmpty() && !busy.get(),
                nameError, name, busy));
    }

    // Properties

    /** The machine name being typed (input). */
    public StringProperty nameProperty() {
        return name;
    }

    /** The token's lifetime (input). */
    public ObjectProperty<TtlChoice> ttlProperty() {
        return ttl;
    }

    /** Why the typed name is not valid, or null (empty name: no error yet). */
    public ReadOnlyStringProperty nameErrorProperty() {
        return nameError.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canCreateProperty() {
        return canCreate.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Step> stepProperty() {
        return step.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<IssuedToken> issuedProperty() {
        return issued.getReadOnlyProperty();
    }

    /** The exact command to run on the new machine. */
    public ReadOnlyStringProperty commandProperty() {
        return command.getReadOnlyProperty();
    }

    /** The same command as a QR code. */
    public ReadOnlyObjectProperty<QrCode> qrCodeProperty() {
        return qrCode.getReadOnlyProperty();
    }

    /** "Expires in 59:41", "Expired", "Enrolled". */
    public ReadOnlyStringProperty expiresInProperty() {
        return expiresIn.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** Set when no process serves the enrollment endpoint: the command would not work. */
    public ReadOnlyStringProperty endpointWarningProperty() {
        return endpointWarning.getReadOnlyProperty();
    }

    public ObservableList<TokenRow> pendingTokens() {
        return readOnlyPending;
    }

    public ReadOnlyBooleanProperty localBusyProperty() {
        return localBusy.getReadOnlyProperty();
    }

    /** What "Add this computer" is doing or did. */
    public ReadOnlyStringProperty localStatusProperty() {
        return localStatus.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty localOnlineProperty() {
        return localOnline.getReadOnlyProperty();
    }

    /** The local card's button: "Add this computer", or "Restart this computer's agent" once it has one. */
    public ReadOnlyStringProperty localActionProperty() {
        return localAction.getReadOnlyProperty();
    }

    /** The token shown was used or expired: its QR code and command are gone, "Copy command" is off. */
    public ReadOnlyBooleanProperty spentProperty() {
        return spent.getReadOnlyProperty();
    }

    /** The name this computer gets: its host name, made valid. */
    public ReadOnlyStringProperty localNameProperty() {
        return localName.getReadOnlyProperty();
    }

    // Commands

    /** Called when the dialog opens: back to the form, pending tokens reloaded. */
    public void open() {
        step.set(Step.FORM);
        issued.set(null);
        command.set("");
        qrCode.set(null);
        spent.set(false);
        checkLocal();
        problem.set(null);
        name.set("");
        EndpointStatus status = endpointStatus.get();
        endpointWarning.set(status.usable() || status.state() == EndpointStatus.State.STARTING ? null : status.note());
        reloadTokens();
    }

    public void create() {
        if (!canCreate.get()) {
            return;
        }
        String machine = name.get();
        Duration lifetime = ttl.get().duration();
        busy.set(true);
        problem.set(null);
        Tasks.supply(() -> {
            IssuedToken token = hub.tokens().create(machine, lifetime);
            String text = token.enrollCommandViaStdin(endpoint.enrollmentUrl());
            return new Created(token, text, QrCode.encode(text));
        }).onSuccess(created -> {
            issued.set(created.token);
            command.set(created.command);
            qrCode.set(created.qr);
            step.set(Step.WAITING);
            tick();
            reloadTokens();
        }).onErrorMessage(problem::set).andFinally(() -> busy.set(false)).start(dispatch);
    }

    /** Back to the form to issue another token. */
    public void another() {
        open();
    }

    public void revoke(TokenRow token) {
        Tasks.run(() -> {
            hub.tokens().revoke(token.id());
        }).onSuccess(v -> {
            IssuedToken current = issued.get();
            if (current != null && current.token().id().equals(token.id())) {
                open();
            }
            reloadTokens();
        }).onErrorMessage(problem::set).start(dispatch);
    }

    /**
     * Once a second while the dialog is open: the countdown, whether the machine has arrived, and
     * every few seconds the pending tokens (another process may have created or revoked some).
     */
    public void tick() {
        if (++ticks % TOKEN_RELOAD_TICKS == 0) {
            reloadTokens();
        }
        if (ticks % LOCAL_CHECK_TICKS == 0) {
            checkLocal();
        }
        IssuedToken current = issued.get();
        if (current == null || step.get() != Step.WAITING) {
            return;
        }
        Instant now = clock.instant();
        if (!now.isBefore(current.expiresAt())) {
            step.set(Step.EXPIRED);
            expiresIn.set("Expired: issue a new token");
            spend();
            return;
        }
        expiresIn.set("Expires in " + Formats.countdown(current.expiresAt(), now));
        if (checking) {
            return;
        }
        checking = true;
        Tasks.supply(() -> hub.machines().find(current.machineName()).isPresent())
                .onSuccess(arrived -> {
                    if (arrived && issued.get() == current && step.get() == Step.WAITING) {
                        step.set(Step.ENROLLED);
                        expiresIn.set("Enrolled");
                        spend();
                        reloadTokens();
                    }
                })
                .andFinally(() -> checking = false)
                .start(dispatch);
    }

    public void reloadTokens() {
        Tasks.supply(() -> {
            Instant now = clock.instant();
            return hub.tokens().list().stream().filter(t -> t.state(now) == TokenState.PENDING)
                    .map(AddMachineViewModel::row).toList();
        }).onSuccess(pendingTokens::setAll).onErrorMessage(problem::set).start(dispatch);
    }

    /**
     * Enrolls this computer with a local agent and starts it (or only starts it when it is already
     * enrolled here), then waits until it answers.
     */
    public void addThisComputer() {
        if (localBusy.get()) {
            return;
        }
        localBusy.set(true);
        localOnline.set(false);
        localStatus.set("Starting…");
        String machine = localName.get();
        localTask = Tasks.supply(() -> enrollAndStartLocal(machine))
                .onSuccess(message -> {
                    localStatus.set(message);
                    localOnline.set(true);
                    reloadTokens();
                })
                .onErrorMessage(localStatus::set)
                .andFinally(() -> {
                    localBusy.set(false);
                    checkLocal(); // the button's words follow what is on disk now (read off the FX thread)
                })
                .start(dispatch);
    }

    private String enrollAndStartLocal(String machine) throws InterruptedException {
        boolean registered = hub.machines().find(machine).isPresent();
        if (registered && !localAgent.enrolled()) {
            throw new MeshcpException(MeshcpException.Kind.CONFLICT, "a machine named \"" + machine
                    + "\" is already enrolled from elsewhere; remove it first to add this computer");
        }
        if (!registered) {
            if (!endpointStatus.get().usable()) {
                throw new MeshcpException(MeshcpException.Kind.UNREACHABLE, "no process serves the enrollment endpoint: "
                        + endpointStatus.get().note());
            }
            IssuedToken token = hub.tokens().create(machine, LOCAL_TOKEN_TTL);
            localAgent.enroll(endpoint.localUrl(), token.token().encode());
        }
        Process process = localAgent.start();
        Instant deadline = clock.instant().plus(LOCAL_AGENT_WAIT);
        String last = "no answer yet";
        while (clock.instant().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new MeshcpException(MeshcpException.Kind.UNREACHABLE, "the local agent stopped: " + localAgent.logTail());
            }
            try {
                hub.machines().ping(machine);
                return onlineSentence(machine);
            } catch (MeshcpException e) {
                last = e.getMessage();
            }
            Thread.sleep(300);
        }
        throw new MeshcpException(MeshcpException.Kind.UNREACHABLE, "the local agent did not answer in "
                + LOCAL_AGENT_WAIT.toSeconds() + " s: " + last);
    }

    /** A used or expired token can enroll nothing more: drop its QR code and command from the screen. */
    private void spend() {
        spent.set(true);
        qrCode.set(null);
        command.set("");
    }

    /**
     * Whether this computer's agent, once added, still answers (a Ping, off the FX thread): the card and its
     * button follow it, so a stopped agent never stays shown as online.
     */
    public void checkLocal() {
        if (localBusy.get() || checkingLocal) {
            return;
        }
        checkingLocal = true;
        String machine = localName.get();
        Tasks.supply(() -> {
            if (!localAgent.enrolled()) {
                return LocalState.NONE;
            }
            if (hub.machines().find(machine).isEmpty()) {
                return LocalState.STOPPED;
            }
            try {
                hub.machines().ping(machine);
                return LocalState.ONLINE;
            } catch (MeshcpException e) {
                return LocalState.STOPPED;
            }
        }).onSuccess(state -> {
            localAction.set(state == LocalState.NONE ? ADD_LOCAL : RESTART_LOCAL);
            if (localBusy.get() || state == LocalState.NONE) {
                return;
            }
            boolean online = state == LocalState.ONLINE;
            if (online && !localOnline.get()) {
                localStatus.set(onlineSentence(machine));
            } else if (!online && (localOnline.get() || localStatus.get().isEmpty())) {
                localStatus.set(stoppedSentence(machine));
            }
            localOnline.set(online);
        }).andFinally(() -> checkingLocal = false).start(dispatch);
    }

    /** Where this computer's agent stands, as the dialog's card shows it. */
    private enum LocalState {
        NONE,
        ONLINE,
        STOPPED
    }

    static String onlineSentence(String machine) {
        return "This computer is online as \"" + machine + "\". Its agent keeps running after you close meshcp.";
    }

    static String stoppedSentence(String machine) {
        return "This computer's agent (\"" + machine + "\") is not running: it stopped or was stopped. "
                + "Restart it to bring this computer back online.";
    }

    /** Stops waiting for the local agent (it keeps starting in the background). */
    public void cancelLocal() {
        Tasks.Handle task = localTask;
        if (task != null) {
            task.cancel();
        }
    }

    private void validate() {
        String typed = name.get();
        if (typed == null || typed.isEmpty()) {
            nameError.set(null);
            return;
        }
        try {
            MachineName.require(typed);
            nameError.set(null);
        } catch (IllegalArgumentException e) {
            nameError.set(hint(typed));
        }
    }

    /** A short hint for the field (the shared rule's full sentence is shown on create). */
    static String hint(String typed) {
        if (typed.length() > 63) {
            return "At most 63 characters.";
        }
        if (!typed.equals(typed.toLowerCase(java.util.Locale.ROOT))) {
            return "Lowercase letters only.";
        }
        if (typed.startsWith("-") || typed.endsWith("-")) {
            return "Start and end with a letter or digit.";
        }
        return "Use lowercase letters, digits and hyphens.";
    }

    private static TokenRow row(TokenRecord t) {
        return new TokenRow(t.id(), t.machineName(), t.createdAt(), t.expiresAt());
    }

    private record Created(IssuedToken token, String command, QrCode qr) {
    }
}
