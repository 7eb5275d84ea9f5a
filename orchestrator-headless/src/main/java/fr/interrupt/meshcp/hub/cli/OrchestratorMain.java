package fr.interrupt.meshcp.hub.cli;

public final class OrchestratorMain {
    public static void main(String[] args) {
        System.out.println("meshcp orchestrator");
    }
}
