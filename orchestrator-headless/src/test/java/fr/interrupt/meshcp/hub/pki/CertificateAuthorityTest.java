package fr.interrupt.meshcp.hub.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.HubPaths;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.shared.tls.CaPin;
import fr.interrupt.meshcp.shared.tls.Pem;
import fr.interrupt.meshcp.testsupport.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
    @TempDir
    Path dir;

    @Test
    void theCaIsCreatedOnceAndReloadedWithTheSamePin() throws Exception {
        String firstPin;
        try (Hub hub = Hub.open(dir, "test", new TestClock())) {
            firstPin = hub.caPin();
        }
        byte[] certBytes = Files.readAllBytes(new HubPaths(dir).caCertificate());
        byte[] keyBytes = Files.readAllBytes(new HubPaths(dir).caKey());

        try (Hub hub = Hub.open(dir, "test", new TestClock())) {
            assertThat(hub.caPin()).isEqualTo(firstPin);
        }
        assertThat(Files.readAllBytes(new HubPaths(dir).caCertificate())).isEqualTo(certBytes);
        assertThat(Files.readAllBytes(new HubPaths(dir).caKey())).isEqualTo(keyBytes);
    }

    @Test
    void threadsOpeningAFreshDataDirAtTheSameTimeMakeOneCa() throws Exception {
        Path fresh = dir.resolve("fresh");
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> pins = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                pins.add(pool.submit(() -> {
                    start.await();
                    try (Hub hub = Hub.open(fresh, "test", new TestClock())) {
                        return hub.caPin();
                    }
                }));
            }
            start.countDown();
            Set<String> distinct = new HashSet<>();
            for (Future<String> pin : pins) {
                distinct.add(pin.get(60, TimeUnit.SECONDS));
            }
            assertThat(distinct).hasSize(1);
            assertThat(distinct).containsExactly(CaPin.of(Pem.readCertificate(new HubPaths(fresh).caCertificate())));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theCaKeyIsOwnerOnlyInAnOwnerOnlyDirectory() throws Exception {
        try (Hub hub = Hub.open(dir, "test", new TestClock())) {
            HubPaths paths = new HubPaths(hub.dataDir());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.caKey()))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.caDir()))).isEqualTo("rwx------");
        }
    }

    @Test
    void theHubsOwnKeysAreOwnerOnly() throws Exception {
        try (Hub hub = Hub.open(dir, "test", new TestClock())) {
            Path hubDir = new HubPaths(hub.dataDir()).hubDir();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hubDir))).isEqualTo("rwx------");
            try (var keys = Files.list(hubDir)) {
                List<Path> keyFiles = keys.filter(p -> p.getFileName().toString().endsWith(".key")).toList();
                assertThat(keyFiles).extracting(p -> p.getFileName().toString())
                        .containsExactlyInAnyOrder("orchestrator.key", "enrollment.key");
                for (Path key : keyFiles) {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).as(key.toString())
                            .isEqualTo("rw-------");
                }
            }
        }
    }

    @Test
    void theCaCertificateIsASelfSignedCaForSigningCertificatesOnly() throws Exception {
        try (Hub hub = Hub.open(dir, "test", new TestClock())) {
            X509Certificate ca = Pem.readCertificate(new HubPaths(hub.dataDir()).caCertificate());
            assertThat(ca.getBasicConstraints()).as("basicConstraints CA:true").isGreaterThanOrEqualTo(0);
            assertThat(ca.getCriticalExtensionOIDs()).contains("2.5.29.19");
            boolean[] keyUsage = ca.getKeyUsage();
            assertThat(keyUsage[5]).as("keyCertSign").isTrue();
            assertThat(keyUsage[0]).as("digitalSignature").isFalse();
            ca.verify(ca.getPublicKey());
            assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
            assertThat(Pem.readCertificate(new HubPaths(hub.dataDir()).caCertificate())).isEqualTo(ca);
        }
    }

    @Test
    void aCaKeyWithoutItsCertificateStopsTheHubInsteadOfMakingANewCa() throws Exception {
        try (Hub hub = Hub.open(dir, "test", new TestClock())) {
            Files.delete(new HubPaths(hub.dataDir()).caCertificate());
        }
        byte[] key = Files.readAllBytes(new HubPaths(dir).caKey());

        assertThatThrownBy(() -> Hub.open(dir, "test", new TestClock()))
                .isInstanceOf(MeshcpException.class)
                .hasMessageContaining("is incomplete");
        assertThat(Files.readAllBytes(new HubPaths(dir).caKey())).isEqualTo(key);
        assertThat(new HubPaths(dir).caCertificate()).doesNotExist();
    }

    @Test
    void anUnreadableCaCertificateStopsTheHubAndIsLeftAsItIs() throws Exception {
        try (Hub hub = Hub.open(dir, "test", new TestClock())) {
            Files.writeString(new HubPaths(hub.dataDir()).caCertificate(), "-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----\n");
        }

        assertThatThrownBy(() -> Hub.open(dir, "test", new TestClock()))
                .isInstanceOf(MeshcpException.class)
                .hasMessageContaining("cannot be read")
                .hasMessageContaining("restore ca.crt and ca.key from a backup");
        assertThat(Files.readString(new HubPaths(dir).caCertificate())).contains("garbage");
    }

    @Test
    void aDataDirCreatedByTheHubIsOwnerOnly() throws Exception {
        Path fresh = dir.resolve("nested").resolve("data");
        try (Hub hub = Hub.open(fresh, "test", new TestClock())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(new HubPaths(hub.dataDir()).dataDir()))).isEqualTo("rwx------");
        }
    }
}
