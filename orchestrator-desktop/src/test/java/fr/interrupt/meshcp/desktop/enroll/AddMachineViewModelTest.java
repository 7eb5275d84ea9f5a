package fr.interrupt.meshcp.desktop.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import fr.interrupt.meshcp.desktop.SameThread;
import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.HubPaths;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.testsupport.TestClock;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddMachineViewModelTest {
    @TempDir
    Path dataDir;
    private final TestClock clock = new TestClock(Instant.parse("2030-01-01T10:00:00Z"));
    private Hub hub;
    private EnrollmentEndpoint endpoint;
    private AddMachineViewModel vm;
    private EndpointStatus status;

    @BeforeEach
    void setUp() {
        hub = Hub.open(dataDir, "test", clock);
        endpoint = new EnrollmentEndpoint(hub, new InetSocketAddress("127.0.0.1", 0), null);
        status = endpoint.start();
        LocalAgent local = new LocalAgent(dataDir.resolve("local-agent"), Optional::empty, () -> "nowhere");
        vm = new AddMachineViewModel(hub, SameThread.dispatch(), clock, endpoint, () -> status, local, "My-Laptop.local");
        vm.open();
    }

    @AfterEach
    void tearDown() {
        endpoint.close();
        hub.close();
    }

    @Test
    void theNameIsCheckedAsItIsTyped() {
        vm.nameProperty().set("Web_1");
        assertThat(vm.nameErrorProperty().get()).isEqualTo("Lowercase letters only.");
        assertThat(vm.canCreateProperty().get()).isFalse();
        vm.nameProperty().set("web-");
        assertThat(vm.nameErrorProperty().get()).isEqualTo("Start and end with a letter or digit.");
        vm.nameProperty().set("web-1");
        assertThat(vm.nameErrorProperty().get()).isNull();
        assertThat(vm.canCreateProperty().get()).isTrue();
    }

    @Test
    void aTokenComesWithTheExactCommandAndAQrCodeOfIt() throws Exception {
        vm.nameProperty().set("web-1");
        vm.create();
        assertThat(vm.stepProperty().get()).isEqualTo(AddMachineViewModel.Step.WAITING);
        String command = vm.commandProperty().get();
        assertThat(command).isEqualTo("echo " + vm.issuedProperty().get().token().encode()
                + " | meshcp-agent enroll --orchestrator https://127.0.0.1:" + endpoint.localUrl().split(":")[2] + " --token -");
        assertThat(decode(vm.qrCodeProperty().get())).isEqualTo(command);
        assertThat(vm.expiresInProperty().get()).isEqualTo("Expires in 1:00:00");
        assertThat(vm.pendingTokens()).extracting(TokenRow::machineName).containsExactly("web-1");
    }

    @Test
    void issuingAndRevokingATokenAreAuditedByTheTokenService() throws Exception {
        vm.nameProperty().set("web-1");
        vm.create();
        vm.revoke(vm.pendingTokens().get(0));

        List<String> audit = Files.readAllLines(new HubPaths(dataDir).auditLog());
        assertThat(audit).hasSize(2);
        assertThat(audit.get(0)).contains("\"action\":\"token-create\"").contains("\"machine\":\"web-1\"");
        assertThat(audit.get(1)).contains("\"action\":\"token-revoke\"").contains("\"machine\":\"web-1\"");
    }

    @Test
    void theCountdownRunsAndTheTokenExpires() {
        vm.ttlProperty().set(TtlChoice.FIFTEEN_MINUTES);
        vm.nameProperty().set("web-1");
        vm.create();
        clock.advance(Duration.ofMinutes(14).plusSeconds(30));
        vm.tick();
        assertThat(vm.expiresInProperty().get()).isEqualTo("Expires in 0:30");
        clock.advance(Duration.ofSeconds(30));
        vm.tick();
        assertThat(vm.stepProperty().get()).isEqualTo(AddMachineViewModel.Step.EXPIRED);
    }

    @Test
    void itTurnsToEnrolledWhenTheMachineArrives() {
        vm.nameProperty().set("web-1");
        vm.create();
        vm.tick();
        assertThat(vm.stepProperty().get()).isEqualTo(AddMachineViewModel.Step.WAITING);
        MachineRegistry.at(new HubPaths(hub.dataDir())).add(new Machine("web-1", "127.0.0.1", 7444, "s", "h", "web-1", "Linux", "amd64", "0.1.0", clock.instant(), null));
        vm.tick();
        assertThat(vm.stepProperty().get()).isEqualTo(AddMachineViewModel.Step.ENROLLED);
        assertThat(vm.expiresInProperty().get()).isEqualTo("Enrolled");
    }

    @Test
    void aPendingTokenCanBeRevoked() {
        vm.nameProperty().set("web-1");
        vm.create();
        vm.revoke(vm.pendingTokens().get(0));
        assertThat(vm.pendingTokens()).isEmpty();
        assertThat(vm.stepProperty().get()).isEqualTo(AddMachineViewModel.Step.FORM);
    }

    @Test
    void anAlreadyEnrolledNameIsRefusedWithTheHubsSentence() {
        MachineRegistry.at(new HubPaths(hub.dataDir())).add(new Machine("web-1", "127.0.0.1", 7444, "s", "h", "web-1", "Linux", "amd64", "0.1.0", clock.instant(), null));
        vm.nameProperty().set("web-1");
        vm.create();
        assertThat(vm.problemProperty().get()).startsWith("Machine \"web-1\" is already enrolled");
        assertThat(vm.stepProperty().get()).isEqualTo(AddMachineViewModel.Step.FORM);
    }

    @Test
    void addThisComputerSaysClearlyWhenTheAgentLauncherCannotBeFound() {
        assertThat(vm.localNameProperty().get()).isEqualTo("my-laptop");
        vm.addThisComputer();
        assertThat(vm.localStatusProperty().get()).startsWith("The meshcp-agent launcher cannot be found (looked in nowhere)");
        assertThat(vm.localOnlineProperty().get()).isFalse();
        assertThat(vm.localBusyProperty().get()).isFalse();
    }

    @Test
    void theSuggestedNameIsAValidMachineName() {
        assertThat(LocalAgent.suggestedName("Dev_Box.example.com")).isEqualTo("dev-box");
        assertThat(LocalAgent.suggestedName("")).isEqualTo("this-computer");
        assertThat(LocalAgent.suggestedName("--x--")).isEqualTo("x");
    }

    private static String decode(QrCode code) throws Exception {
        int scale = 3;
        int side = code.size() * scale;
        int[] pixels = new int[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                pixels[y * side + x] = code.dark(x / scale, y / scale) ? 0xFF000000 : 0xFFFFFFFF;
            }
        }
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(side, side, pixels))),
                Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }
}
