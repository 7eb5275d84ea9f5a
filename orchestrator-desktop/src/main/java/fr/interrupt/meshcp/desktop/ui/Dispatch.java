package fr.interrupt.meshcp.desktop.ui;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * Where work runs: {@code background} for every call that may block (files, network, processes),
 * {@code ui} for everything that touches a property a view is bound to. The app passes its one
 * background pool and {@code Platform::runLater}; tests pass same-thread executors.
 */
public record Dispatch(ExecutorService background, Executor ui) {
}
