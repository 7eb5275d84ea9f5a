package fr.interrupt.meshcp.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
    static final String SEED = """
            machine_name: my-server
            listen_addr: "0.0.0.0:7444"
            creds_dir: /etc/meshcp/creds

            capabilities:
              shell:
                enabled: true
                max_timeout_seconds: 300
                # Restrict to specific commands (leave empty to allow all):
                # allowed_commands: [ls, cat, docker, systemctl, journalctl]
              files:
                enabled: true
                max_file_size_mb: 50
                # Restrict to specific path prefixes (leave empty to allow all):
                # allowed_paths: [/home, /etc/nginx, /var/log]
              system:
                enabled: true
              docker:
                enabled: false
            """;

    @TempDir
    Path temp;

    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void theSeedExampleParses() throws Exception {
        Path file = temp.resolve("agent.yaml");
        Files.writeString(file, SEED);

        AgentConfig config = loader.load(file);

        assertThat(config.machineName()).isEqualTo("my-server");
        assertThat(config.listen()).isEqualTo(new ListenAddress("0.0.0.0", 7444));
        assertThat(config.credsDir()).isEqualTo(Path.of("/etc/meshcp/creds"));
        assertThat(config.capabilities()).isEqualTo(Capabilities.DEFAULT);
    }

    @Test
    void everyKeyOfTheSeedAndOursIsUnderstood() throws Exception {
        AgentConfig config = loader.parse("""
                machine_name: web-1
                listen_addr: "[::1]:9000"
                creds_dir: /srv/meshcp/creds/
                capabilities:
                  shell:
                    enabled: false
                    max_timeout_seconds: 60
                    allowed_commands: [ls, cat, docker, systemctl, journalctl]
                    max_output_mb: 4
                    max_concurrent: 2
                  files:
                    enabled: false
                    max_file_size_mb: 5
                    allowed_paths: [/home, /etc/nginx/, /var/log]
                  system:
                    enabled: false
                  docker:
                    enabled: true
                    socket: /run/docker.sock
                """, "agent.yaml");

        assertThat(config.listen()).isEqualTo(new ListenAddress("::1", 9000));
        assertThat(config.credsDir()).isEqualTo(Path.of("/srv/meshcp/creds"));
        assertThat(config.capabilities().shell()).isEqualTo(new ShellConfig(false, 60, List.of("ls", "cat", "docker", "systemctl", "journalctl"), 4, 2));
        assertThat(config.capabilities().files()).isEqualTo(new FilesConfig(false, 5, List.of(Path.of("/home"), Path.of("/etc/nginx"), Path.of("/var/log"))));
        assertThat(config.capabilities().system().enabled()).isFalse();
        assertThat(config.capabilities().docker()).isEqualTo(new DockerConfig(true, Path.of("/run/docker.sock")));
    }

    @Test
    void labelsAreReadSortedWithEmptyValuesAndPrefixes() throws Exception {
        AgentConfig config = loader.parse("""
                machine_name: web-1
                labels:
                  role: web
                  env: prod
                  example.com/tier: "1"
                  canary: ""
                """, "agent.yaml");

        assertThat(config.labels()).containsExactly(Map.entry("canary", ""), Map.entry("env", "prod"),
                Map.entry("example.com/tier", "1"), Map.entry("role", "web"));
        assertThat(loader.parse("machine_name: solo\nlabels:\n", "agent.yaml").labels()).isEmpty();
    }

    @Test
    void eachLabelProblemIsOneLineNamingTheKey() {
        assertThatThrownBy(() -> loader.parse("machine_name: a\nlabels: [env]\n", "agent.yaml"))
                .hasMessage("agent.yaml: labels must be a mapping of key: value, such as {env: prod, role: web}, got a list");
        assertThatThrownBy(() -> loader.parse("machine_name: a\nlabels:\n  \"my env\": prod\n", "agent.yaml"))
                .hasMessage("agent.yaml: labels: invalid label key \"my env\": use 1 to 63 letters, digits, '-', '_' or '.', starting and "
                        + "ending with a letter or digit, optionally after a DNS prefix and '/' (example.com/role)");
        assertThatThrownBy(() -> loader.parse("machine_name: a\nlabels:\n  env: prod/eu\n", "agent.yaml"))
                .hasMessage("agent.yaml: labels.env: invalid value \"prod/eu\" for label \"env\": use nothing or 1 to 63 letters, digits, "
                        + "'-', '_' or '.', starting and ending with a letter or digit");
        assertThatThrownBy(() -> loader.parse("machine_name: a\nlabels:\n  tier: 1\n", "agent.yaml"))
                .hasMessage("agent.yaml: labels.tier must be text (quote numbers and true/false, write \"\" for an empty value), got 1");
    }

    @Test
    void onlyTheMachineNameIsRequired() throws Exception {
        AgentConfig config = loader.parse("machine_name: solo\n", "agent.yaml");

        assertThat(config.listen()).isEqualTo(ListenAddress.DEFAULT);
        assertThat(config.credsDir()).isEqualTo(AgentConfig.DEFAULT_CREDS_DIR);
        assertThat(config.capabilities()).isEqualTo(Capabilities.DEFAULT);
    }

    @Test
    void emptyListsAndSectionsMeanTheDefaults() throws Exception {
        AgentConfig config = loader.parse("""
                machine_name: solo
                capabilities:
                  shell:
                    allowed_commands:
                  files:
                  docker:
                """, "agent.yaml");

        assertThat(config.capabilities()).isEqualTo(Capabilities.DEFAULT);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown key suggests the right one      | machine_name: a\\ncapabilities:\\n  shell:\\n    allowed_command: [ls]                | /etc/meshcp/agent.yaml: unknown key capabilities.shell.allowed_command (did you mean allowed_commands?)
            unknown top-level key                   | machine_name: a\\nlisten: 1                                                    | /etc/meshcp/agent.yaml: unknown key listen (did you mean listen_addr?)
            unknown key far from any                | machine_name: a\\nzzz: 1                                                       | /etc/meshcp/agent.yaml: unknown key zzz (known keys: capabilities, creds_dir, labels, listen_addr, machine_name)
            unknown capability                      | machine_name: a\\ncapabilities:\\n  network: {}                               | /etc/meshcp/agent.yaml: unknown key capabilities.network (known keys: docker, files, shell, system)
            size as text                            | machine_name: a\\ncapabilities:\\n  files:\\n    max_file_size_mb: big        | /etc/meshcp/agent.yaml: capabilities.files.max_file_size_mb must be a positive integer, got "big"
            zero timeout                            | machine_name: a\\ncapabilities:\\n  shell:\\n    max_timeout_seconds: 0       | /etc/meshcp/agent.yaml: capabilities.shell.max_timeout_seconds must be a positive integer, got 0
            fractional output cap                   | machine_name: a\\ncapabilities:\\n  shell:\\n    max_output_mb: 1.5           | /etc/meshcp/agent.yaml: capabilities.shell.max_output_mb must be a positive integer, got 1.5
            enabled as text                         | machine_name: a\\ncapabilities:\\n  docker:\\n    enabled: sometimes          | /etc/meshcp/agent.yaml: capabilities.docker.enabled must be true or false, got "sometimes"
            commands not a list                     | machine_name: a\\ncapabilities:\\n  shell:\\n    allowed_commands: ls         | /etc/meshcp/agent.yaml: capabilities.shell.allowed_commands must be a list such as [a, b], got "ls"
            command given as a path                 | machine_name: a\\ncapabilities:\\n  shell:\\n    allowed_commands: [ls, /bin/cat] | /etc/meshcp/agent.yaml: capabilities.shell.allowed_commands[1] must be a bare command name found through PATH, such as "ls", got "/bin/cat"
            relative allowed path                   | machine_name: a\\ncapabilities:\\n  files:\\n    allowed_paths: [home]        | /etc/meshcp/agent.yaml: capabilities.files.allowed_paths[0] must be an absolute path such as /home, got "home"
            relative creds dir                      | machine_name: a\\ncreds_dir: creds                                            | /etc/meshcp/agent.yaml: creds_dir must be an absolute path, got "creds"
            missing machine name                    | listen_addr: "0.0.0.0:7444"                                                  | /etc/meshcp/agent.yaml: missing machine_name (meshcp-agent enroll writes it)
            invalid machine name                    | machine_name: My_Server                                                      | /etc/meshcp/agent.yaml: machine_name must be 1 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit, got "My_Server"
            listen without port                     | machine_name: a\\nlisten_addr: 0.0.0.0                                        | /etc/meshcp/agent.yaml: listen_addr expected HOST:PORT such as 0.0.0.0:7444 or [::]:7444, got "0.0.0.0"
            listen port out of range                | machine_name: a\\nlisten_addr: "0.0.0.0:70000"                                | /etc/meshcp/agent.yaml: listen_addr port must be between 1 and 65535, got "0.0.0.0:70000"
            section not a mapping                   | machine_name: a\\ncapabilities: [shell]                                       | /etc/meshcp/agent.yaml: capabilities must be a mapping of keys, got a list
            not a mapping at all                    | just text                                                                    | /etc/meshcp/agent.yaml: expected a mapping of keys (machine_name: ..., capabilities: ...), got "just text"
            duplicate key                           | machine_name: a\\nmachine_name: b                                             | /etc/meshcp/agent.yaml: invalid YAML at line 2, column 1: found duplicate key machine_name
            broken YAML                             | machine_name: [a                                                             | /etc/meshcp/agent.yaml: invalid YAML at line 1, column 17: expected ',' or ']', but got <stream end>
            """)
    void eachProblemIsOneLineNamingTheKey(String name, String yaml, String expected) {
        assertThatThrownBy(() -> loader.parse(yaml.replace("\\n", "\n"), "/etc/meshcp/agent.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(expected);
    }

    @Test
    void anEmptyFileSaysWhatItNeeds() {
        assertThatThrownBy(() -> loader.parse("# nothing\n", "/etc/meshcp/agent.yaml"))
                .hasMessage("/etc/meshcp/agent.yaml: the file is empty; it needs at least machine_name (meshcp-agent enroll writes a complete one)");
    }

    @Test
    void aMissingFileSaysToEnrollFirst() {
        Path missing = temp.resolve("agent.yaml");

        assertThatThrownBy(() -> loader.load(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessage(missing + " does not exist: enroll this machine first (meshcp-agent enroll ...), or pass --config FILE");
    }

    @Test
    void whatTheWriterRendersLoadsBackUnchanged() throws Exception {
        AgentConfig config = new AgentConfig("web-1", new ListenAddress("10.0.0.5", 7444), Path.of("/opt/meshcp creds"),
                Capabilities.DEFAULT
                        .withShell(new ShellConfig(true, 60, List.of("ls", "journalctl"), 4, 3).withJobs(256, 1024, 20, 60))
                        .withFiles(new FilesConfig(true, 20, List.of(Path.of("/var/log"), Path.of("/home/a b"))))
                        .withDocker(new DockerConfig(true, Path.of("/run/docker.sock"))));

        assertThat(loader.parse(new ConfigWriter().render(config), "agent.yaml")).isEqualTo(config);
        AgentConfig labelled = new AgentConfig("web-1", ListenAddress.DEFAULT, AgentConfig.DEFAULT_CREDS_DIR, Capabilities.DEFAULT,
                Map.of("env", "prod", "example.com/tier", "1", "canary", ""));
        assertThat(loader.parse(new ConfigWriter().render(labelled), "agent.yaml")).isEqualTo(labelled);
        AgentConfig defaults = new AgentConfig("web-1", ListenAddress.DEFAULT, AgentConfig.DEFAULT_CREDS_DIR, Capabilities.DEFAULT);
        assertThat(loader.parse(new ConfigWriter().render(defaults), "agent.yaml")).isEqualTo(defaults);
    }

    @Test
    void theWriterKeepsTheSeedsLayout() {
        AgentConfig config = new AgentConfig("my-server", ListenAddress.DEFAULT, AgentConfig.DEFAULT_CREDS_DIR, Capabilities.DEFAULT);

        assertThat(new ConfigWriter().render(config)).endsWith(SEED.substring(SEED.indexOf("machine_name")));
    }
}
