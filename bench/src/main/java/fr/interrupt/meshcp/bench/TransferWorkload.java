package fr.interrupt.meshcp.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Workload 3: get and put of one file (256 MiB in the full run) with the CLI, whole process, each copy checked by
 * SHA-256 afterwards (outside the timing), against scp and {@code ssh cat} through the same master, A B rounds; and the
 * limits: AES-128-GCM on one thread in this JDK against {@code openssl speed}, loopback TCP with iperf3.
 */
final class TransferWorkload {
    private TransferWorkload() {
    }

    static void run(Context ctx) throws IOException, GeneralSecurityException {
        boolean ssh = ctx.ssh().missing().isEmpty();
        Path dir = ssh ? ctx.ssh().remoteDir() : Files.createDirectories(ctx.work().resolve("transfer"));
        int mib = ctx.scale().transferMiB();
        Path source = dir.resolve("source.bin");
        writeRandom(source, mib);
        String expected = sha256(source);
        Path local = Files.createDirectories(ctx.work().resolve("local"));
        Path upload = local.resolve("upload.bin");
        Files.copy(source, upload);

        int rounds = ctx.scale().rounds();
        Samples get = new Samples(rounds);
        Samples put = new Samples(rounds);
        Samples scpGet = new Samples(rounds);
        Samples catGet = new Samples(rounds);
        Samples scpPut = new Samples(rounds);
        Samples catPut = new Samples(rounds);
        Commands commands = ctx.commands();
        for (int r = 0; r < rounds; r++) {
            Path got = local.resolve("got.bin");
            get.add(checked(commands.time(ctx.hubCommand("get", Context.WEB1, source.toString(), got.toString()), null, null, 600), got, expected));
            Path put1 = dir.resolve("put-meshcp.bin");
            put.add(checked(commands.time(ctx.hubCommand("put", Context.WEB1, upload.toString(), put1.toString()), null, null, 600), put1, expected));
            if (ssh) {
                scpGet.add(checked(commands.time(ctx.ssh().scp("h1:" + source, got.toString()), null, null, 600), got, expected));
                catGet.add(checked(commands.time(ctx.ssh().ssh(1, "cat", source.toString()), null, got.toFile(), 600), got, expected));
                Path put2 = dir.resolve("put-scp.bin");
                scpPut.add(checked(commands.time(ctx.ssh().scp(upload.toString(), "h1:" + put2), null, null, 600), put2, expected));
                Path put3 = dir.resolve("put-cat.bin");
                catPut.add(checked(commands.time(ctx.ssh().ssh(1, "cat > " + put3), upload.toFile(), null, 600), put3, expected));
            }
        }
        String size = mib + " MiB";
        String target = "≥ 1.5× scp (ratio ≤ 0.67)";
        ctx.table().add(row(ctx, "3a", "`get` of " + size + ", checksummed, whole process", get, scpGet, "scp", target));
        ctx.table().add(row(ctx, "3b", "`get` of " + size + " against `ssh cat`", get, catGet, "ssh cat", Row.NONE));
        ctx.table().add(row(ctx, "3c", "`put` of " + size + ", checksummed, whole process", put, scpPut, "scp", target));
        ctx.table().add(row(ctx, "3d", "`put` of " + size + " against `ssh cat >`", put, catPut, "ssh cat", Row.NONE));
        ctx.table().add(aesLimit(ctx));
        ctx.table().add(new Row("3f", "limit: loopback TCP", Row.NONE, Row.NONE,
                Commands.installed("iperf3") ? iperf3(ctx) : "not installed", Row.NONE, Row.NONE, Row.NONE));
        for (Path p : List.of(source, upload, local.resolve("got.bin"), dir.resolve("put-meshcp.bin"), dir.resolve("put-scp.bin"),
                dir.resolve("put-cat.bin"))) {
            Files.deleteIfExists(p);
        }
    }

    private static Row row(Context ctx, String id, String what, Samples meshcp, Samples anchor, String anchorName, String target) {
        boolean ssh = ctx.ssh().missing().isEmpty();
        double ratio = meshcp.medianMillis() / anchor.medianMillis();
        return new Row(id, what, Cells.millis(meshcp.medianMillis()), Cells.millis(meshcp.p99Millis()),
                ssh ? Cells.millis(anchor.medianMillis()) + " (" + anchorName + ")" : ctx.sshMissing(),
                ssh ? Cells.ratio(meshcp.medianMillis(), anchor.medianMillis()) : Row.NONE, target,
                ssh && !Row.NONE.equals(target) ? Row.met(ratio <= 1 / 1.5) : Row.NONE);
    }

    /** The nanoseconds, after checking that file has the source's SHA-256 (then deleting it). */
    private static long checked(long nanos, Path file, String expected) {
        try {
            String actual = sha256(file);
            Files.delete(file);
            if (!actual.equals(expected)) {
                throw new IllegalStateException(file + " differs from the source after the transfer");
            }
            return nanos;
        } catch (IOException e) {
            throw new IllegalStateException("cannot check " + file + ": " + e.getMessage(), e);
        }
    }

    private static Row aesLimit(Context ctx) throws GeneralSecurityException {
        double jdk = jdkAesGcmMiBPerSecond(ctx.scale().aesSeconds());
        String openssl = Commands.installed("openssl") ? opensslAesGcm(ctx) : "not installed";
        double opensslValue = openssl.endsWith("MiB/s") ? Double.parseDouble(openssl.split(" ")[0]) : -1;
        return new Row("3e", "limit: AES-128-GCM, one thread, 64 KiB blocks (MiB/s; ratio of speeds)", Cells.mibPerSecond(jdk),
                Row.NONE, openssl.endsWith("MiB/s") ? openssl + " (openssl speed)" : openssl, Cells.ratio(jdk, opensslValue),
                Row.NONE, Row.NONE);
    }

    /**
     * This JVM's AES-128-GCM encryption speed on 64 KiB blocks: the best 0.5 s window in {@code seconds} of encrypting.
     * The JIT intrinsifies AES and GHASH only once C2 has compiled them: a 2-core machine at load average 17 took about
     * 8 s to get there, and ran at 15-30 MiB/s before.
     */
    private static double jdkAesGcmMiBPerSecond(int seconds) throws GeneralSecurityException {
        byte[] key = new byte[16];
        byte[] block = new byte[64 * 1024];
        byte[] out = new byte[block.length + 16];
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        double best = 0;
        for (long counter = 0; System.nanoTime() < end; ) {
            long start = System.nanoTime();
            long bytes = 0;
            while (System.nanoTime() - start < 500_000_000L) {
                byte[] iv = java.nio.ByteBuffer.allocate(12).putLong(counter++).array();
                cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
                cipher.doFinal(block, 0, block.length, out, 0);
                bytes += block.length;
            }
            best = Math.max(best, bytes / 1048576.0 / ((System.nanoTime() - start) / 1e9));
        }
        return best;
    }

    /** {@code openssl speed -evp aes-128-gcm} on 64 KiB blocks for one second, in MiB/s. */
    private static String opensslAesGcm(Context ctx) {
        try {
            Path out = ctx.work().resolve("openssl-speed.txt");
            ctx.commands().time(List.of("openssl", "speed", "-evp", "aes-128-gcm", "-bytes", "65536", "-seconds", "1"), null,
                    out.toFile(), 60);
            for (String line : Files.readAllLines(out)) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("aes-128-gcm")) {
                    String[] fields = line.trim().split("\\s+");
                    String kPerSecond = fields[fields.length - 1].replace("k", "");
                    return Cells.mibPerSecond(Double.parseDouble(kPerSecond) * 1000 / 1048576.0);
                }
            }
            return "no figure from openssl";
        } catch (IOException | RuntimeException e) {
            return "openssl failed";
        }
    }

    /** A 2-second iperf3 run over 127.0.0.1, receiver side, in MiB/s; the server is stopped afterwards. */
    private static String iperf3(Context ctx) {
        int port = LoopbackPorts.free();
        Process server = null;
        try {
            // not "-s -1": the readiness probe below is a connection, and a one-off server takes it for its test and exits
            server = new ProcessBuilder("iperf3", "-s", "-B", "127.0.0.1", "-p", String.valueOf(port))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!LoopbackPorts.accepts(port) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Path out = ctx.work().resolve("iperf3.txt");
            ctx.commands().time(List.of("iperf3", "-c", "127.0.0.1", "-p", String.valueOf(port), "-t", "2", "-f", "M"), null,
                    out.toFile(), 30);
            for (String line : Files.readAllLines(out)) {
                if (line.contains("receiver")) {
                    String[] f = line.trim().split("\\s+");
                    for (int i = 1; i < f.length; i++) {
                        if (f[i].equals("MBytes/sec")) {
                            return Cells.mibPerSecond(Double.parseDouble(f[i - 1])) + " (iperf3)";
                        }
                    }
                }
            }
            return "no figure from iperf3";
        } catch (IOException | RuntimeException e) {
            return "iperf3 failed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            if (server != null) {
                server.destroyForcibly();
            }
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static void writeRandom(Path file, int mib) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int m = 0; m < mib; m++) {
                for (int i = 0; i < block.length; i += 8) {
                    long v = random.nextLong();
                    for (int b = 0; b < 8; b++) {
                        block[i + b] = (byte) (v >>> (8 * b));
                    }
                }
                out.write(block);
            }
        }
        file.toFile().setReadable(true, false);
    }
}
