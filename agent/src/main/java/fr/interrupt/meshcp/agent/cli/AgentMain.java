package fr.interrupt.meshcp.agent.cli;

public final class AgentMain {
    public static void main(String[] args) {
        System.out.println("meshcp agent");
    }
}
