package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.config.ListenAddress;
import fr.interrupt.meshcp.hub.enroll.EndpointStart;

/** The CLI's sentences for an enrollment endpoint that did not start here ({@code serve}, {@code enroll-server}). */
final class EndpointText {
    private EndpointText() {
    }

    /** Why this process does not serve enrollment, and whether enrollment works anyway; never for SERVING. */
    static String notStarted(EndpointStart start) {
        String where = ListenAddress.display(start.listen());
        if (start instanceof EndpointStart.HeldByThisHub) {
            return where + " is already served by another process of this hub (same CA: enroll-server, the desktop app "
                    + "or another serve); enrollment works through it";
        }
        if (start instanceof EndpointStart.HeldByOther other) {
            return where + " is in use by " + other.what() + "; tokens from this hub cannot enroll there: stop it, or "
                    + "choose another port with --listen";
        }
        if (start instanceof EndpointStart.Failed failed) {
            return "cannot listen on " + where + ": " + failed.reason();
        }
        throw new IllegalArgumentException("the endpoint started: " + start);
    }
}
