package fr.interrupt.meshcp.desktop.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Map;
import java.util.function.Supplier;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

/**
 * The one place FXML is loaded. Controllers are never built by FXMLLoader's reflection: each
 * controller class maps to a supplier from the composition root, which passes its view model.
 */
public final class FxmlLoaderFactory {
    private final Map<Class<?>, Supplier<?>> controllers;

    public FxmlLoaderFactory(Map<Class<?>, Supplier<?>> controllers) {
        this.controllers = controllers; // filled by the composition root before the first load
    }

    /** A loaded view: its root node and its controller. */
    public record Loaded<C>(Parent root, C controller) {
    }

    public <C> Loaded<C> load(FxmlView view) {
        URL url = FxmlLoaderFactory.class.getResource(view.resource());
        if (url == null) {
            throw new IllegalStateException("missing FXML resource " + view.resource());
        }
        FXMLLoader loader = new FXMLLoader(url);
        loader.setControllerFactory(this::controller);
        try {
            Parent root = loader.load();
            return new Loaded<>(root, loader.getController());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + view.resource(), e);
        }
    }

    private Object controller(Class<?> type) {
        Supplier<?> supplier = controllers.get(type);
        if (supplier == null) {
            throw new IllegalStateException("no controller registered for " + type.getName());
        }
        return supplier.get();
    }
}
