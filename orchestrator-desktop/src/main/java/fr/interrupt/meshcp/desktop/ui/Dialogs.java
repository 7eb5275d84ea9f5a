package fr.interrupt.meshcp.desktop.ui;

import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;

/** Asks the person to confirm an action that cannot be undone. Tests answer without a dialog. */
public interface Dialogs {
    /** True when the person chose {@code question.action()}. FX thread. */
    boolean confirm(Window owner, Confirmation question);

    /**
     * What is asked: a title, a one-line question, what will happen, the label of the button that does it
     * and of the one that does not (e.g. "Keep it running" where "Cancel" would be ambiguous).
     */
    record Confirmation(String title, String header, String details, String action, String dismiss) {
    }

    /** The same answer every time, for tests. */
    static Dialogs answering(boolean yes) {
        return (owner, question) -> yes;
    }

    /** Modal alerts; the action button is red and Cancel is the default, so Enter never destroys anything. */
    static Dialogs native_() {
        return (owner, question) -> {
            Alert alert = new Alert(Alert.AlertType.CONFIRMATION);
            alert.initOwner(owner);
            alert.setTitle(question.title());
            alert.setHeaderText(question.header());
            alert.setContentText(question.details());
            ButtonType action = new ButtonType(question.action(), ButtonBar.ButtonData.OK_DONE);
            ButtonType dismiss = new ButtonType(question.dismiss(), ButtonBar.ButtonData.CANCEL_CLOSE);
            alert.getButtonTypes().setAll(dismiss, action);
            Button actionButton = (Button) alert.getDialogPane().lookupButton(action);
            actionButton.getStyleClass().add(atlantafx.base.theme.Styles.DANGER);
            actionButton.setDefaultButton(false);
            ((Button) alert.getDialogPane().lookupButton(dismiss)).setDefaultButton(true);
            return alert.showAndWait().filter(action::equals).isPresent();
        };
    }
}
