package fr.interrupt.meshcp.desktop.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of the threads that make a JavaFX frame, for the frame-timing benchmark: the application thread (the
 * caller of {@link #read()}), the render thread ({@code QuantumRenderer-0}, JavaFX's own name for it) and the whole
 * process. Times in ns; a figure the JVM cannot give reads as 0.
 */
final class CpuClock {
    /** The thread JavaFX paints on (com.sun.javafx.tk.quantum.QuantumRenderer names it so). */
    private static final String RENDER_THREAD = "QuantumRenderer-0";
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long renderThreadId = -1;

    /** What the clocks read at one instant: wall time and CPU times, all in ns. */
    record Reading(long wallNanos, long fxNanos, long renderNanos, long processNanos) {
    }

    /** CPU time of the calling thread so far (ns). */
    long currentThread() {
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
    }

    /** Reads every clock; call it on the JavaFX application thread. */
    Reading read() {
        long render = renderThread() < 0 ? 0 : Math.max(0, threads.getThreadCpuTime(renderThread()));
        return new Reading(System.nanoTime(), currentThread(), render, processCpu());
    }

    private long renderThread() {
        if (renderThreadId < 0) {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (RENDER_THREAD.equals(t.getName())) {
                    renderThreadId = t.getId();
                }
            }
        }
        return renderThreadId;
    }

    private static long processCpu() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }
}
