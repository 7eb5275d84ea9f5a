package fr.interrupt.meshcp.shared.enroll;

/** Constants of the enrollment HTTPS exchange. */
public final class EnrollmentProtocol {
    public static final String PATH = "/v1/enroll";
    /** Requests larger than this are refused before they are parsed. */
    public static final int MAX_REQUEST_BYTES = 16 * 1024;

    private EnrollmentProtocol() {
    }
}
