package fr.interrupt.meshcp.bench;

import fr.interrupt.meshcp.shared.tls.TlsProviders;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSsl;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;

/** What the numbers were measured on: cores, CPU model, JDK, TLS provider, load average (from /proc on Linux). */
final class MachineDescription {
    private MachineDescription() {
    }

    /** One markdown paragraph; {@code loadAtStart} is /proc/loadavg's first three fields when the run began. */
    static String describe(String loadAtStart) {
        return "Machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + cpuModel()
                + "; JDK " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + "; TLS: " + tlsProvider() + " (the hub dials agents with " + hubEngine() + ", agents serve with the JDK's)"
                + "; load average (1, 5, 15 min) " + loadAtStart + " at start, " + loadAverage() + " at the end.";
    }

    /** The first three fields of /proc/loadavg, or "unknown". */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("CPU model unknown");
        } catch (IOException e) {
            return "CPU model unknown";
        }
    }

    /** The engine the hub's channels use here ({@link TlsProviders}): BoringSSL and its version, or the JDK's. */
    private static String hubEngine() {
        return TlsProviders.preferred() == SslProvider.OPENSSL ? OpenSsl.versionString() + " through netty-tcnative" : "the JDK's engine";
    }

    private static String tlsProvider() {
        try {
            var provider = SSLContext.getDefault().getProvider();
            return provider.getName() + " " + provider.getVersionStr();
        } catch (NoSuchAlgorithmException e) {
            return "unknown";
        }
    }
}
