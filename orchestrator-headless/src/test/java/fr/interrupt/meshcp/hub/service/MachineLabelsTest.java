package fr.interrupt.meshcp.hub.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.HubPaths;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.hub.support.InProcessFleet;
import fr.interrupt.meshcp.shared.labels.LabelEdit;
import fr.interrupt.meshcp.shared.labels.LabelSelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Labels through MachineService on real agent services (in-process): reported, set on the hub, merged, selected. */
class MachineLabelsTest {
    @TempDir
    Path dataDir;

    private InProcessFleet fleet;
    private MachineService machines;

    @BeforeEach
    void start() {
        fleet = InProcessFleet.open(dataDir);
        fleet.addAgent("web-1", Capabilities.DEFAULT, Map.of("env", "prod", "role", "web"));
        fleet.addAgent("web-2", Capabilities.DEFAULT, Map.of("env", "staging", "role", "web"));
        fleet.addAgent("db-1", Capabilities.DEFAULT, Map.of("env", "prod", "role", "db"));
        machines = fleet.hub().machines();
    }

    @AfterEach
    void stop() {
        fleet.close();
    }

    private List<String> names(String selector) {
        return machines.select(LabelSelector.parse(selector)).stream().map(Machine::name).toList();
    }

    @Test
    void agentLabelsArriveWithThePingAndAreKeptInTheRegistry() {
        assertThat(machines.require("web-1").agentLabels()).isEmpty();

        machines.ping("web-1");

        assertThat(machines.require("web-1").agentLabels()).containsExactly(Map.entry("env", "prod"), Map.entry("role", "web"));
    }

    @Test
    void selectPingsFirstSoAgentLabelsCount() {
        assertThat(names("env=prod")).containsExactly("db-1", "web-1");
        assertThat(names("role=web,env!=prod")).containsExactly("web-2");
        assertThat(names("env in (staging,dev)")).containsExactly("web-2");
        assertThat(names("!gpu")).containsExactly("db-1", "web-1", "web-2");
    }

    @Test
    void hubLabelsWinOverTheAgentsOnTheSameKey() {
        machines.label("web-2", LabelEdit.parse(List.of("env=prod", "team=blue")), false);

        assertThat(names("env=prod")).containsExactly("db-1", "web-1", "web-2");
        Machine web2 = machines.require("web-2");
        assertThat(web2.labels()).containsEntry("env", "prod").containsEntry("role", "web").containsEntry("team", "blue");
        assertThat(web2.agentLabels()).containsEntry("env", "staging");
    }

    @Test
    void changingAHubLabelNeedsOverwriteLikeKubectl() {
        machines.label("db-1", LabelEdit.parse(List.of("tier=1")), false);
        machines.label("db-1", LabelEdit.parse(List.of("tier=1")), false);

        assertThatThrownBy(() -> machines.label("db-1", LabelEdit.parse(List.of("tier=2")), false))
                .isInstanceOfSatisfying(MeshcpException.class, e -> assertThat(e.kind()).isEqualTo(MeshcpException.Kind.CONFLICT))
                .hasMessage("machine \"db-1\" already has label tier=1; overwrite it to set tier=2");
        assertThat(machines.label("db-1", LabelEdit.parse(List.of("tier=2")), true).hubLabels()).containsEntry("tier", "2");
        assertThat(machines.label("db-1", LabelEdit.parse(List.of("tier-")), false).hubLabels()).doesNotContainKey("tier");
    }

    @Test
    void anOfflineMachineIsSelectedOnTheLabelsItLastReported() {
        names("role=db");
        fleet.stopAgent("db-1");

        assertThat(names("role=db")).containsExactly("db-1");
        assertThat(machines.status(machines.require("db-1")).online()).isFalse();
    }

    @Test
    void noMatchSaysWhichLabelsExist() {
        assertThatThrownBy(() -> names("env=dev"))
                .isInstanceOfSatisfying(MeshcpException.class, e -> assertThat(e.kind()).isEqualTo(MeshcpException.Kind.NOT_FOUND))
                .hasMessage("no machine matches the selector env=dev (machines and their labels: db-1 (env=prod,role=db), "
                        + "web-1 (env=prod,role=web), web-2 (env=staging,role=web))");
    }

    @Test
    void snapshotFiltersOnFreshLabels() {
        assertThat(machines.snapshot(LabelSelector.parse("role=web")).stream().map(s -> s.machine().name()))
                .containsExactly("web-1", "web-2");
    }

    @Test
    void bothSourcesAreStoredInRegistryJsonAndTheChangeIsAudited() throws Exception {
        machines.ping("web-1");
        machines.label("web-1", LabelEdit.parse(List.of("owner=ops")), false);

        Machine read = MachineRegistry.at(new HubPaths(dataDir)).require("web-1");
        assertThat(read.hubLabels()).containsExactly(Map.entry("owner", "ops"));
        assertThat(read.agentLabels()).containsExactly(Map.entry("env", "prod"), Map.entry("role", "web"));
        assertThat(Files.readString(dataDir.resolve("registry.json"))).contains("\"hubLabels\"", "\"agentLabels\"");
        assertThat(Files.readString(dataDir.resolve("audit.log"))).contains("\"action\":\"label\"", "owner=ops");
    }
}
