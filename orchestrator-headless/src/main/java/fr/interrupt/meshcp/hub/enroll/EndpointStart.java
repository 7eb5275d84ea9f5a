package fr.interrupt.meshcp.hub.enroll;

import java.net.InetSocketAddress;

/**
 * What {@link EnrollmentEndpointService#start} found: this process now serves enrollment, or another process of
 * this hub (same CA) already does, or something else holds the port, or the start failed. Each face words it
 * itself; none of these is an exception, because a hub that cannot serve enrollment still does everything else.
 */
public sealed interface EndpointStart {

    /** The address asked for. */
    InetSocketAddress listen();

    /** This process serves enrollment on {@code server.address()}; close the server to stop. */
    record Serving(InetSocketAddress listen, EnrollmentServer server) implements EndpointStart {
    }

    /**
     * The port is taken by an enrollment endpoint whose certificate chains to this hub's CA (its CA pin is ours):
     * another process on this data dir (or a copy of it) serves enrollment, and tokens made here work through it.
     */
    record HeldByThisHub(InetSocketAddress listen) implements EndpointStart {
    }

    /**
     * The port is taken by something else: {@code what} says what ("an enrollment endpoint of another hub (another
     * CA)", "a server that does not speak TLS"...). Tokens made here will not enroll through it.
     */
    record HeldByOther(InetSocketAddress listen, String what) implements EndpointStart {
    }

    /** The endpoint could not start, for {@code reason} (a sentence without the address). */
    record Failed(InetSocketAddress listen, String reason) implements EndpointStart {
    }
}
