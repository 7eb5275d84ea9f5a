package fr.interrupt.meshcp.shared.enroll;

/** The body of every failed enrollment: one sentence for the person running the agent. */
public record EnrollError(String error) {
}
