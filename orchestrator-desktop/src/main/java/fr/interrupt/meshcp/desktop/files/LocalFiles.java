package fr.interrupt.meshcp.desktop.files;

import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** Asks the person for a local file: where to save a download, what to upload. Tests answer without a dialog. */
public interface LocalFiles {
    Optional<Path> chooseSaveTarget(Window owner, String suggestedName);

    Optional<Path> chooseUpload(Window owner);

    /** The operating system's file dialogs. */
    static LocalFiles native_() {
        return new LocalFiles() {
            @Override
            public Optional<Path> chooseSaveTarget(Window owner, String suggestedName) {
                FileChooser chooser = new FileChooser();
                chooser.setTitle("Save " + suggestedName);
                chooser.setInitialFileName(suggestedName);
                return Optional.ofNullable(chooser.showSaveDialog(owner)).map(java.io.File::toPath);
            }

            @Override
            public Optional<Path> chooseUpload(Window owner) {
                FileChooser chooser = new FileChooser();
                chooser.setTitle("Upload a file");
                return Optional.ofNullable(chooser.showOpenDialog(owner)).map(java.io.File::toPath);
            }
        };
    }
}
