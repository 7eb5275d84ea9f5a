package fr.interrupt.meshcp.desktop.ui;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;

/**
 * The app's keyboard shortcuts, defined once so the accelerators and the tooltips that show them agree. "Shortcut" is
 * Ctrl on Linux and Windows and ⌘ on macOS (JavaFX's {@link KeyCombination#SHORTCUT_DOWN}); the text shown is
 * {@link KeyCombination#getDisplayText()} of the platform.
 */
public final class Shortcuts {
    /** Focus the current page's filter (also "/" when no text field has the focus). */
    public static final KeyCombination FILTER = new KeyCodeCombination(KeyCode.K, KeyCombination.SHORTCUT_DOWN);
    /** The character that focuses the filter, as in many web apps and less(1). */
    public static final String FILTER_KEY = "/";
    /** "Ctrl+K or /". */
    public static final String FILTER_HINT = FILTER.getDisplayText() + " or " + FILTER_KEY;
    /** The style class of a page's filter field, which {@link #FILTER} focuses. */
    public static final String FILTER_FIELD = "search-field";

    private static final KeyCode[] DIGITS = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4, KeyCode.DIGIT5,
        KeyCode.DIGIT6, KeyCode.DIGIT7, KeyCode.DIGIT8, KeyCode.DIGIT9};

    private Shortcuts() {
    }

    /** Shortcut+{@code n}: the n-th page of the sidebar, 1 to 9. */
    public static KeyCombination page(int n) {
        if (n < 1 || n > DIGITS.length) {
            throw new IllegalArgumentException("page shortcuts go from 1 to 9, not " + n);
        }
        return new KeyCodeCombination(DIGITS[n - 1], KeyCombination.SHORTCUT_DOWN);
    }

    /** "Machines (Ctrl+1)": a tooltip or label with its shortcut. */
    public static String withKey(String text, KeyCombination key) {
        return text + " (" + key.getDisplayText() + ")";
    }

    /**
     * Runs {@code focusFilter} on "/" typed while no text field or area has the focus, so "/" still types itself into
     * a path or a command.
     */
    public static void filterOnSlash(Scene scene, Runnable focusFilter) {
        scene.addEventFilter(KeyEvent.KEY_TYPED, e -> {
            if (FILTER_KEY.equals(e.getCharacter()) && !e.isShortcutDown() && !e.isAltDown()
                    && !(scene.getFocusOwner() instanceof TextInputControl)) {
                focusFilter.run();
                e.consume();
            }
        });
    }

    /** Focuses and selects the first filter field ({@link #FILTER_FIELD}) under {@code page}; false when it has none. */
    public static boolean focusFilterIn(Node page) {
        Node field = page == null ? null : page.lookup("." + FILTER_FIELD);
        if (field == null || !field.isVisible() || field.isDisabled()) {
            return false;
        }
        field.requestFocus();
        if (field instanceof TextInputControl input) {
            input.selectAll();
        }
        return true;
    }

    /** Esc hides {@code dialog} unless something in it used the key first (a filter clearing itself, an open list). */
    public static void closeOnEscape(Stage dialog) {
        dialog.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && !e.isConsumed()) {
                dialog.hide();
                e.consume();
            }
        });
    }
}
