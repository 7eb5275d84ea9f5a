package fr.interrupt.meshcp.desktop.files;

import fr.interrupt.meshcp.hub.service.RemotePaths;
import fr.interrupt.meshcp.desktop.machines.MachineRow;
import fr.interrupt.meshcp.desktop.machines.Reachability;
import fr.interrupt.meshcp.desktop.ui.Dispatch;
import fr.interrupt.meshcp.desktop.ui.Tasks;
import fr.interrupt.meshcp.hub.service.FileService;
import fr.interrupt.meshcp.proto.agent.v1.FileInfo;
import fr.interrupt.meshcp.shared.text.ByteSizes;
import fr.interrupt.meshcp.shared.text.TextDecoding;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * Browses one machine's files: a path with back and up, the listing, a text preview, and one
 * download or upload at a time with progress and cancel. Refusals show the agent's own reason.
 */
public final class FilesViewModel {
    /** Bytes read for a preview; larger files are cut (and say so). */
    static final int PREVIEW_BYTES = 256 * 1024;
    /** Entries listed at most (several pages). */
    static final int MAX_ENTRIES = 10_000;

    private final FileService files;
    private final Dispatch dispatch;

    private final ObservableList<String> machines = FXCollections.observableArrayList();
    private final ObjectProperty<String> machine = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper path = new ReadOnlyStringWrapper("");
    private final ObservableList<FileRow> entries = FXCollections.observableArrayList();
    private final ObservableList<FileRow> readOnlyEntries = FXCollections.unmodifiableObservableList(entries);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper listingNote = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper canGoBack = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canGoUp = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper previewName = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper previewText = new ReadOnlyStringWrapper();
    private final ReadOnlyObjectWrapper<Transfer> transfer = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper emptyText = new ReadOnlyStringWrapper("");
    private final ObservableList<MachineRow> rows;
    private final Deque<String> back = new ArrayDeque<>();
    private long generation;

    public FilesViewModel(FileService files, ObservableList<MachineRow> rows, Dispatch dispatch) {
        this.files = files;
        this.dispatch = dispatch;
        this.rows = rows;
        syncMachines(rows);
        rows.addListener((ListChangeListener<MachineRow>) c -> syncMachines(rows));
        machine.addListener((obs, old, now) -> {
            if (now != null && !now.equals(old)) {
                switchTo(now);
            }
        });
        emptyText.bind(javafx.beans.binding.Bindings.createStringBinding(() -> machine.get() == null
                ? "Pick a machine at the top right to browse its files."
                : loading.get() || problem.get() != null || path.get().isEmpty() ? "" : "This directory is empty.",
                machine, loading, problem, path));
    }

    /** Another machine: nothing of the previous one stays on screen (listing, footer, preview, last transfer). */
    private void switchTo(String machineName) {
        generation++;
        back.clear();
        entries.clear();
        path.set("");
        listingNote.set("");
        problem.set(null);
        previewName.set(null);
        previewText.set(null);
        if (!busyTransferring()) {
            transfer.set(null);
        }
        updateNavigation();
        MachineRow row = rowOf(machineName);
        if (row != null && row.reachability() == Reachability.OFFLINE) {
            loading.set(false);
            problem.set(offline(row));
            return;
        }
        navigate("/", false);
    }

    static String offline(MachineRow row) {
        return "\"" + row.name() + "\" is offline: its files show once its agent answers again. Pick another machine, "
                + "or press Refresh to try again.";
    }

    private MachineRow rowOf(String machineName) {
        return rows.stream().filter(r -> r.name().equals(machineName)).findFirst().orElse(null);
    }

    /** The machine's status, for the picker's dot (null for a name the table does not know). */
    public ReadOnlyObjectProperty<Reachability> reachabilityOf(String machineName) {
        MachineRow row = rowOf(machineName);
        return row == null ? null : row.reachabilityProperty();
    }

    /** What the empty table says: a hint before a machine is picked, "This directory is empty.", or "". */
    public ReadOnlyStringProperty emptyTextProperty() {
        return emptyText.getReadOnlyProperty();
    }

    // Properties

    public ObservableList<String> machines() {
        return machines;
    }

    /** The machine being browsed (input: the machine picker). */
    public ObjectProperty<String> machineProperty() {
        return machine;
    }

    public ReadOnlyStringProperty pathProperty() {
        return path.getReadOnlyProperty();
    }

    public ObservableList<FileRow> entries() {
        return readOnlyEntries;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** Why the last listing, preview or transfer failed (the agent's reason for a refusal), or null. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** "12 items", "first 10000 of 25000 items". */
    public ReadOnlyStringProperty listingNoteProperty() {
        return listingNote.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canGoBackProperty() {
        return canGoBack.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canGoUpProperty() {
        return canGoUp.getReadOnlyProperty();
    }

    /** The previewed file's name, or null when nothing is previewed. */
    public ReadOnlyStringProperty previewNameProperty() {
        return previewName.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty previewTextProperty() {
        return previewText.getReadOnlyProperty();
    }

    /** The current or last transfer, or null. */
    public ReadOnlyObjectProperty<Transfer> transferProperty() {
        return transfer.getReadOnlyProperty();
    }

    // Commands

    /** Browses {@code machineName} from {@code startPath}. */
    public void open(String machineName, String startPath) {
        if (machineName.equals(machine.get())) {
            navigate(startPath);
        } else {
            machine.set(machineName);
            if (!"/".equals(startPath)) {
                navigate(startPath);
            }
        }
    }

    /** Lists {@code target} (typed in the path bar or opened from the list). */
    public void navigate(String target) {
        navigate(target, true);
    }

    public void back() {
        if (!back.isEmpty()) {
            navigate(back.pop(), false);
        }
    }

    public void up() {
        String parent = RemotePaths.parent(path.get());
        if (parent != null) {
            navigate(parent);
        }
    }

    /** Lists the current directory again (the root when nothing was listed yet, e.g. the machine was offline). */
    public void refresh() {
        navigate(path.get().isEmpty() ? "/" : path.get(), false);
    }

    /** Double-click or Enter: a directory opens, a file is previewed. */
    public void activate(FileRow row) {
        if (row.directory()) {
            navigate(row.path());
        } else {
            preview(row);
        }
    }

    public void preview(FileRow row) {
        String machineName = machine.get();
        previewName.set(row.name());
        previewText.set("Loading…");
        Tasks.supply(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            FileService.ReadResult read = files.read(machineName, row.path(), 0, PREVIEW_BYTES, out, done -> { });
            return previewOf(out.toByteArray(), read.info() == null ? row.size() : read.info().getSize());
        }).onSuccess(text -> {
            if (row.name().equals(previewName.get())) {
                previewText.set(text);
            }
        }).onErrorMessage(message -> {
            if (row.name().equals(previewName.get())) {
                previewText.set(message);
            }
        }).start(dispatch);
    }

    public void closePreview() {
        previewName.set(null);
        previewText.set(null);
    }

    /** Downloads {@code row} to {@code local} (written through a temp file, so a failure leaves nothing half-done). */
    public void download(FileRow row, Path local) {
        if (busyTransferring()) {
            return;
        }
        String machineName = machine.get();
        Transfer t = new Transfer("Downloading " + row.name(), row.size(), dispatch.ui());
        transfer.set(t);
        problem.set(null);
        t.task(Tasks.supply(() -> files.download(machineName, row.path(), local, t.listener()))
                .onSuccess(result -> t.finished("Downloaded " + row.name() + " (" + ByteSizes.format(result.bytes()) + ") to " + local, true))
                .onErrorMessage(message -> {
                    t.finished(message, false);
                    problem.set(message);
                })
                .andFinally(() -> cancelled(t))
                .start(dispatch));
    }

    /** Uploads {@code local} into the current directory under its own name; its size is read off the FX thread. */
    public void upload(Path local) {
        Tasks.supply(() -> {
            try {
                return java.nio.file.Files.size(local);
            } catch (java.io.IOException e) {
                return -1L; // the upload itself says why it cannot read the file
            }
        }).onSuccess(size -> upload(local, size)).start(dispatch);
    }

    /** Uploads {@code local} ({@code size} bytes, or -1 when unknown) into the current directory, under its own name. */
    public void upload(Path local, long size) {
        if (busyTransferring() || path.get().isEmpty()) {
            return;
        }
        String machineName = machine.get();
        String remote = RemotePaths.child(path.get(), local.getFileName().toString());
        Transfer t = new Transfer("Uploading " + local.getFileName(), size, dispatch.ui());
        transfer.set(t);
        problem.set(null);
        t.task(Tasks.supply(() -> files.upload(machineName, local, remote, null, false, t.listener()))
                .onSuccess(response -> {
                    t.finished("Uploaded " + local.getFileName() + " to " + response.getPath(), true);
                    refresh();
                })
                .onErrorMessage(message -> {
                    t.finished(message, false);
                    problem.set(message);
                })
                .andFinally(() -> cancelled(t))
                .start(dispatch));
    }

    public void cancelTransfer() {
        Transfer t = transfer.get();
        if (t != null) {
            t.cancel();
        }
    }

    private void cancelled(Transfer t) {
        if (t.runningProperty().get()) {
            t.finished("Cancelled.", false);
        }
    }

    private boolean busyTransferring() {
        Transfer t = transfer.get();
        return t != null && t.runningProperty().get();
    }

    private void navigate(String target, boolean remember) {
        String machineName = machine.get();
        if (machineName == null || target == null || target.isBlank()) {
            return;
        }
        String from = path.get();
        long mine = ++generation;
        loading.set(true);
        problem.set(null);
        Tasks.supply(() -> list(machineName, target.strip()))
                .onSuccess(listing -> {
                    if (mine != generation) {
                        return;
                    }
                    if (remember && !from.isEmpty() && !from.equals(target.strip())) {
                        back.push(from);
                    }
                    path.set(target.strip());
                    entries.setAll(listing.rows);
                    listingNote.set(listing.total > listing.rows.size()
                            ? "first " + listing.rows.size() + " of " + listing.total + " items"
                            : listing.rows.size() + (listing.rows.size() == 1 ? " item" : " items"));
                    updateNavigation();
                })
                .onErrorMessage(message -> {
                    if (mine == generation) {
                        problem.set(message);
                        updateNavigation();
                    }
                })
                .andFinally(() -> {
                    if (mine == generation) {
                        loading.set(false);
                    }
                })
                .start(dispatch);
    }

    private Listing list(String machineName, String dir) {
        List<FileRow> rows = new ArrayList<>();
        String token = "";
        long total;
        do {
            FileService.ListPage page = files.list(machineName, dir, token, 0);
            for (FileInfo info : page.entries()) {
                rows.add(FileRow.of(info));
            }
            total = page.totalEntries();
            token = page.nextPageToken();
        } while (!token.isEmpty() && rows.size() < MAX_ENTRIES);
        return new Listing(rows, Math.max(total, rows.size()));
    }

    private void updateNavigation() {
        canGoBack.set(!back.isEmpty());
        canGoUp.set(RemotePaths.parent(path.get()) != null);
    }

    /** The preview text of a file's first bytes, by the one text rule every face uses ({@link TextDecoding}). */
    static String previewOf(byte[] data, long size) {
        TextDecoding.Decoded decoded = TextDecoding.decode(data, TextDecoding.Mode.FILE);
        if (decoded.binary()) {
            return "This looks like a binary file (" + decoded.binaryType() + ", " + ByteSizes.format(size)
                    + "). Download it to open it.";
        }
        String text = decoded.text();
        String note = decoded.note() == null ? "" : "\n\n(" + decoded.note() + ")";
        return size > data.length ? text + "\n\n… (preview shows the first " + ByteSizes.format(data.length) + " of "
                + ByteSizes.format(size) + ")" + note : text + note;
    }

    private void syncMachines(List<MachineRow> rows) {
        List<String> names = rows.stream().map(MachineRow::name).sorted().toList();
        if (!names.equals(machines)) {
            machines.setAll(names);
        }
    }

    private record Listing(List<FileRow> rows, long total) {
    }
}
