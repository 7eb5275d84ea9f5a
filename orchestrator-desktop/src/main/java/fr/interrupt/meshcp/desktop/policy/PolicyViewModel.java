package fr.interrupt.meshcp.desktop.policy;

import fr.interrupt.meshcp.desktop.ui.Dispatch;
import fr.interrupt.meshcp.desktop.ui.Tasks;
import fr.interrupt.meshcp.hub.policy.PolicyMode;
import fr.interrupt.meshcp.hub.policy.PolicyRule;
import fr.interrupt.meshcp.hub.policy.PolicyService;
import java.util.Arrays;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The policy editor: the hub's rules for Claude (pattern, mode, denied commands, allowed paths), and a form to add,
 * change or remove one. The same file the CLI's {@code policy} commands change; other processes' changes show up.
 */
public final class PolicyViewModel {
    private final PolicyService policy;
    private final Dispatch dispatch;
    private final ObservableList<PolicyRule> rules = FXCollections.observableArrayList();
    private final ObservableList<PolicyRule> readOnlyRules = FXCollections.unmodifiableObservableList(rules);
    private final ObjectProperty<PolicyRule> selected = new SimpleObjectProperty<>();
    private final StringProperty pattern = new SimpleStringProperty("");
    private final ObjectProperty<PolicyMode> mode = new SimpleObjectProperty<>(PolicyMode.ASK);
    private final StringProperty deniedCommands = new SimpleStringProperty("");
    private final StringProperty allowedPaths = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private boolean checking;

    public PolicyViewModel(PolicyService policy, Dispatch dispatch) {
        this.policy = policy;
        this.dispatch = dispatch;
        selected.addListener((obs, old, now) -> edit(now));
    }

    // Properties

    /** Most specific first, the order in which they are tried. */
    public ObservableList<PolicyRule> rules() {
        return readOnlyRules;
    }

    /** The rule picked in the table (input); its fields fill the form. */
    public ObjectProperty<PolicyRule> selectedProperty() {
        return selected;
    }

    /** The form: a machine name or glob. */
    public StringProperty patternProperty() {
        return pattern;
    }

    public ObjectProperty<PolicyMode> modeProperty() {
        return mode;
    }

    /** One command glob per line. */
    public StringProperty deniedCommandsProperty() {
        return deniedCommands;
    }

    /** One absolute path per line. */
    public StringProperty allowedPathsProperty() {
        return allowedPaths;
    }

    /** What the last change did, or why it was refused. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    // Commands

    /** Reads the rules in the background and shows any change (another process may have changed them). */
    public void checkForChanges() {
        if (checking) {
            return;
        }
        checking = true;
        Tasks.supply(policy::rules).onSuccess(now -> {
            if (!now.equals(rules)) {
                PolicyRule keep = selected.get();
                rules.setAll(now);
                selected.set(keep == null ? null : now.stream().filter(r -> r.pattern().equals(keep.pattern())).findFirst().orElse(null));
            }
        }).onErrorMessage(status::set).andFinally(() -> checking = false).start(dispatch);
    }

    /** Empties the form for a new rule. */
    public void newRule() {
        selected.set(null);
        edit(null);
    }

    /** Writes the form as the rule for its pattern (replacing one with the same pattern). */
    public void save() {
        String glob = pattern.get() == null ? "" : pattern.get().strip();
        PolicyMode chosen = mode.get();
        List<String> denied = lines(deniedCommands.get());
        List<String> paths = lines(allowedPaths.get());
        Tasks.supply(() -> policy.put(new PolicyRule(glob, chosen, denied, paths))).onSuccess(rule -> {
            status.set("Saved rule '" + rule.pattern() + "': " + rule.mode().label() + ".");
            checkForChanges();
        }).onErrorMessage(status::set).start(dispatch);
    }

    /** Removes the selected rule (the view asks for confirmation first). */
    public void removeSelected() {
        PolicyRule rule = selected.get();
        if (rule == null) {
            return;
        }
        Tasks.run(() -> policy.unset(rule.pattern())).onSuccess(v -> {
            status.set("Removed rule '" + rule.pattern() + "'.");
            newRule();
            checkForChanges();
        }).onErrorMessage(status::set).start(dispatch);
    }

    private void edit(PolicyRule rule) {
        pattern.set(rule == null ? "" : rule.pattern());
        mode.set(rule == null ? PolicyMode.ASK : rule.mode());
        deniedCommands.set(rule == null ? "" : String.join("\n", rule.deniedCommands()));
        allowedPaths.set(rule == null ? "" : String.join("\n", rule.allowedPaths()));
    }

    private static List<String> lines(String text) {
        return text == null ? List.of() : Arrays.stream(text.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
