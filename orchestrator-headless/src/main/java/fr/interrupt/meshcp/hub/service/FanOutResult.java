package fr.interrupt.meshcp.hub.service;

/** One machine's part of a command run on several: its outcome, or why it could not run. */
public record FanOutResult(String machine, ExecOutcome outcome, String error) {
    public boolean succeeded() {
        return outcome != null && outcome.succeeded();
    }
}
