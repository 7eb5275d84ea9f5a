package fr.interrupt.meshcp.desktop.ui;

import fr.interrupt.meshcp.hub.MeshcpException;

/**
 * A failed background task as a view model receives it: the kind (so it can tell REFUSED from UNREACHABLE or
 * NOT_FOUND) and the sentence to show ({@link UserMessages#describe}).
 *
 * @param kind     the failure's {@link MeshcpException.Kind}; CANCELLED for an interrupted task; null when the
 *                 failure was not one a person can act on (a bug or a plain I/O error: the sentence says so)
 * @param sentence a complete sentence for people, capitalised and ending with a full stop, without class names
 */
public record Failure(MeshcpException.Kind kind, String sentence) {

    /** The failure of {@code thrown}, with its kind and sentence; unexpected ones are logged (once) by this call. */
    public static Failure of(Throwable thrown) {
        return new Failure(UserMessages.kindOf(thrown), UserMessages.describe(thrown));
    }

    /** Whether the failure is of that kind. */
    public boolean is(MeshcpException.Kind other) {
        return kind == other;
    }
}
