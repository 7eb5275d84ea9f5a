package fr.interrupt.meshcp.shared.enroll;

/** The hub's answer to a successful enrollment: the signed certificate and the CA certificate, PEM. */
public record EnrollResponse(String machineName, String certificatePem, String caCertificatePem) {
}
