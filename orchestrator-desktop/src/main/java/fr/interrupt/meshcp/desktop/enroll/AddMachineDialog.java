package fr.interrupt.meshcp.desktop.enroll;

import fr.interrupt.meshcp.desktop.ui.FxmlLoaderFactory;
import fr.interrupt.meshcp.desktop.ui.FxmlView;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.Scene;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;

/** The add-machine window: one instance, shown modal over the main window; ticks once a second while open. */
public final class AddMachineDialog {
    private final FxmlLoaderFactory views;
    private final AddMachineViewModel vm;
    private final Window owner;
    private final java.util.List<String> stylesheets;
    private Stage stage;
    private Timeline ticker;

    public AddMachineDialog(FxmlLoaderFactory views, AddMachineViewModel vm, Window owner, java.util.List<String> stylesheets) {
        this.views = views;
        this.vm = vm;
        this.owner = owner;
        this.stylesheets = stylesheets;
    }

    public void show() {
        if (stage == null) {
            stage = new Stage();
            stage.initOwner(owner);
            stage.initModality(Modality.WINDOW_MODAL);
            stage.setTitle("Add a machine");
            Scene scene = new Scene(views.load(FxmlView.ADD_MACHINE).root());
            scene.getStylesheets().setAll(stylesheets);
            stage.setScene(scene);
            fr.interrupt.meshcp.desktop.ui.Shortcuts.closeOnEscape(stage);
            if (owner instanceof Stage o) {
                stage.getIcons().setAll(o.getIcons());
            }
            ticker = new Timeline(new KeyFrame(Duration.seconds(1), e -> vm.tick()));
            ticker.setCycleCount(Timeline.INDEFINITE);
            stage.setOnShown(e -> ticker.play());
            stage.setOnHidden(e -> ticker.stop());
        }
        vm.open();
        if (!stage.isShowing()) {
            stage.show();
        }
        stage.toFront();
    }

    /** Opens the dialog and starts "Add this computer" at once. */
    public void showAndAddThisComputer() {
        show();
        vm.addThisComputer();
    }

    /** Hides the window and stops its timer (the app is closing). */
    public void close() {
        if (ticker != null) {
            ticker.stop();
        }
        if (stage != null) {
            stage.hide();
        }
    }

    public Stage stage() {
        return stage;
    }
}
