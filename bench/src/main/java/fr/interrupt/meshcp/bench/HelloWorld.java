package fr.interrupt.meshcp.bench;

/** The floor for one-shot commands: a JVM that starts, prints a line and exits. */
public final class HelloWorld {
    private HelloWorld() {
    }

    /** Prints "hello". */
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
