package fr.interrupt.meshcp.agent.config;

import fr.interrupt.meshcp.shared.MachineName;
import fr.interrupt.meshcp.shared.labels.Labels;
import fr.interrupt.meshcp.shared.text.Printable;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads agent.yaml in the seed's schema: SnakeYAML into plain maps (no object construction), then a strict
 * mapping onto {@link AgentConfig}. Every problem is one line naming the file and the key path.
 */
public final class ConfigLoader {
    private static final Pattern COMMAND_NAME = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9._+-]*$");
    private static final Set<String> TOP_KEYS = Set.of("machine_name", "listen_addr", "creds_dir", "capabilities", "labels");
    private static final Set<String> CAPABILITY_KEYS = Set.of("shell", "files", "system", "docker");
    private static final Set<String> SHELL_KEYS = Set.of("enabled", "max_timeout_seconds", "allowed_commands", "max_output_mb", "max_concurrent",
            "job_head_kb", "job_tail_kb", "finished_jobs_kept", "finished_job_ttl_minutes");
    private static final Set<String> FILES_KEYS = Set.of("enabled", "max_file_size_mb", "allowed_paths", "allow_hard_links");
    private static final Set<String> SYSTEM_KEYS = Set.of("enabled");
    private static final Set<String> DOCKER_KEYS = Set.of("enabled", "socket");

    public AgentConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + " does not exist: enroll this machine first (meshcp-agent enroll ...), or pass --config FILE");
        } catch (AccessDeniedException e) {
            throw new ConfigException("cannot read " + file + ": permission denied (run the agent as the user that owns it, usually root)");
        } catch (MalformedInputException e) {
            throw new ConfigException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /** Parses the text of agent.yaml; {@code source} names it in messages. */
    public AgentConfig parse(String text, String source) throws ConfigException {
        Object root = parseYaml(text, source);
        if (root == null) {
            throw new ConfigException(source + ": the file is empty; it needs at least machine_name (meshcp-agent enroll writes a complete one)");
        }
        Section top = Section.root(root, source, TOP_KEYS);
        String machineName = top.requiredString("machine_name");
        if (!MachineName.isValid(machineName)) {
            throw top.error("machine_name", "must be 1 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit, got "
                    + Section.show(machineName));
        }
        ListenAddress listen = ListenAddress.DEFAULT;
        String listenText = top.string("listen_addr", null);
        if (listenText != null) {
            try {
                listen = ListenAddress.parse(listenText);
            } catch (IllegalArgumentException e) {
                throw top.error("listen_addr", e.getMessage() + ", got " + Section.show(listenText));
            }
        }
        Path credsDir = top.absolutePath("creds_dir", AgentConfig.DEFAULT_CREDS_DIR);
        Capabilities capabilities = capabilities(top.section("capabilities", CAPABILITY_KEYS));
        return new AgentConfig(machineName, listen, credsDir, capabilities, labels(top));
    }

    private static Object parseYaml(String text, String source) throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(20);
        options.setCodePointLimit(1024 * 1024);
        try {
            return new Yaml(new SafeConstructor(options)).load(text);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
            String problem = e.getProblem() != null ? e.getProblem() : "cannot be parsed";
            throw new ConfigException(source + ": invalid YAML" + where + ": " + oneLine(problem));
        } catch (YAMLException e) {
            throw new ConfigException(source + ": invalid YAML: " + oneLine(String.valueOf(e.getMessage())));
        }
    }

    private static Capabilities capabilities(Section section) throws ConfigException {
        if (section == null) {
            return Capabilities.DEFAULT;
        }
        return new Capabilities(
                shell(section.section("shell", SHELL_KEYS)),
                files(section.section("files", FILES_KEYS)),
                system(section.section("system", SYSTEM_KEYS)),
                docker(section.section("docker", DOCKER_KEYS)));
    }

    /**
     * {@code labels:}, a mapping of label keys to text values in Kubernetes' syntax ({@link Labels}); absent or empty
     * is no label. A value must be text: YAML reads {@code tier: 1} as a number, so it must be quoted ({@code "1"}).
     */
    private static Map<String, String> labels(Section top) throws ConfigException {
        Object value = top.map.get("labels");
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> raw)) {
            throw top.error("labels", "must be a mapping of key: value, such as {env: prod, role: web}, got " + Section.show(value));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : raw.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (!(e.getKey() instanceof String) || !Labels.isValidKey(key)) {
                throw new ConfigException(top.source + ": labels: " + invalid(() -> Labels.requireKey(key)));
            }
            if (!(e.getValue() instanceof String text)) {
                throw top.error("labels." + key, "must be text (quote numbers and true/false, write \"\" for an empty value), got "
                        + Section.show(e.getValue()));
            }
            if (!Labels.isValidValue(text)) {
                throw new ConfigException(top.source + ": labels." + key + ": " + invalid(() -> Labels.requireValue(key, text)));
            }
            labels.put(key, text);
        }
        if (labels.size() > Labels.MAX_LABELS) {
            throw top.error("labels", "has " + labels.size() + " labels; at most " + Labels.MAX_LABELS + " are allowed");
        }
        return labels;
    }

    private static String invalid(Runnable check) {
        try {
            check.run();
            return "invalid";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static ShellConfig shell(Section s) throws ConfigException {
        ShellConfig d = ShellConfig.DEFAULT;
        if (s == null) {
            return d;
        }
        List<String> commands = new ArrayList<>();
        List<String> raw = s.stringList("allowed_commands");
        for (int i = 0; i < raw.size(); i++) {
            String name = raw.get(i);
            if (!COMMAND_NAME.matcher(name).matches()) {
                throw s.error("allowed_commands[" + i + "]", "must be a bare command name found through PATH, such as \"ls\", got " + Section.show(name));
            }
            commands.add(name);
        }
        return new ShellConfig(
                s.bool("enabled", d.enabled()),
                s.positiveInt("max_timeout_seconds", d.maxTimeoutSeconds()),
                commands,
                s.positiveInt("max_output_mb", d.maxOutputMb()),
                s.positiveInt("max_concurrent", d.maxConcurrent()),
                s.boundedInt("job_head_kb", d.jobHeadKb(), ShellConfig.MAX_JOB_KEPT_KB),
                s.boundedInt("job_tail_kb", d.jobTailKb(), ShellConfig.MAX_JOB_KEPT_KB),
                s.boundedInt("finished_jobs_kept", d.finishedJobsKept(), ShellConfig.MAX_FINISHED_JOBS_KEPT),
                s.boundedInt("finished_job_ttl_minutes", d.finishedJobTtlMinutes(), ShellConfig.MAX_FINISHED_JOB_TTL_MINUTES));
    }

    private static FilesConfig files(Section s) throws ConfigException {
        FilesConfig d = FilesConfig.DEFAULT;
        if (s == null) {
            return d;
        }
        List<Path> paths = new ArrayList<>();
        List<String> raw = s.stringList("allowed_paths");
        for (int i = 0; i < raw.size(); i++) {
            paths.add(Section.toAbsolutePath(raw.get(i)).orElseThrow(s.errorSupplier("allowed_paths[" + i + "]",
                    "must be an absolute path such as /home, got " + Section.show(raw.get(i)))));
        }
        return new FilesConfig(s.bool("enabled", d.enabled()), s.positiveInt("max_file_size_mb", d.maxFileSizeMb()), paths,
                s.bool("allow_hard_links", d.allowHardLinks()));
    }

    private static SystemConfig system(Section s) throws ConfigException {
        return s == null ? SystemConfig.DEFAULT : new SystemConfig(s.bool("enabled", SystemConfig.DEFAULT.enabled()));
    }

    private static DockerConfig docker(Section s) throws ConfigException {
        DockerConfig d = DockerConfig.DEFAULT;
        if (s == null) {
            return d;
        }
        return new DockerConfig(s.bool("enabled", d.enabled()), s.absolutePath("socket", d.socket()));
    }

    static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    /** One mapping of the document, with its key path for messages. */
    private static final class Section {
        private final String source;
        private final String path;
        private final Map<?, ?> map;

        private Section(String source, String path, Map<?, ?> map) {
            this.source = source;
            this.path = path;
            this.map = map;
        }

        static Section root(Object value, String source, Set<String> known) throws ConfigException {
            if (!(value instanceof Map<?, ?> map)) {
                throw new ConfigException(source + ": expected a mapping of keys (machine_name: ..., capabilities: ...), got " + show(value));
            }
            Section section = new Section(source, "", map);
            section.checkKeys(known);
            return section;
        }

        /** The nested mapping under name, or null when absent or empty. */
        Section section(String name, Set<String> known) throws ConfigException {
            Object value = map.get(name);
            if (value == null) {
                return null;
            }
            if (!(value instanceof Map<?, ?> nested)) {
                throw error(name, "must be a mapping of keys, got " + show(value));
            }
            Section section = new Section(source, key(name), nested);
            section.checkKeys(known);
            return section;
        }

        private void checkKeys(Set<String> known) throws ConfigException {
            for (Object k : map.keySet()) {
                String name = String.valueOf(k);
                if (!(k instanceof String) || !known.contains(name)) {
                    String suggestion = Suggestions.closest(name, known);
                    throw new ConfigException(source + ": unknown key " + key(name)
                            + (suggestion == null ? " (known keys: " + String.join(", ", known.stream().sorted().toList()) + ")"
                                    : " (did you mean " + suggestion + "?)"));
                }
            }
        }

        String requiredString(String name) throws ConfigException {
            String value = string(name, null);
            if (value == null) {
                throw new ConfigException(source + ": missing " + key(name) + " (meshcp-agent enroll writes it)");
            }
            return value;
        }

        String string(String name, String fallback) throws ConfigException {
            if (!map.containsKey(name)) {
                return fallback;
            }
            Object value = map.get(name);
            if (!(value instanceof String s) || s.isEmpty()) {
                throw error(name, "must be a non-empty string, got " + show(value));
            }
            return s;
        }

        Path absolutePath(String name, Path fallback) throws ConfigException {
            String value = string(name, null);
            if (value == null) {
                return fallback;
            }
            return toAbsolutePath(value).orElseThrow(errorSupplier(name, "must be an absolute path, got " + show(value)));
        }

        boolean bool(String name, boolean fallback) throws ConfigException {
            if (!map.containsKey(name)) {
                return fallback;
            }
            Object value = map.get(name);
            if (!(value instanceof Boolean b)) {
                throw error(name, "must be true or false, got " + show(value));
            }
            return b;
        }

        int positiveInt(String name, int fallback) throws ConfigException {
            if (!map.containsKey(name)) {
                return fallback;
            }
            Object value = map.get(name);
            if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() > 0
                    && ((Number) value).longValue() <= Integer.MAX_VALUE) {
                return ((Number) value).intValue();
            }
            throw error(name, "must be a positive integer, got " + show(value));
        }

        /** A positive integer no larger than max. */
        int boundedInt(String name, int fallback, int max) throws ConfigException {
            int value = positiveInt(name, fallback);
            if (value > max) {
                throw error(name, "must be at most " + max + ", got " + value);
            }
            return value;
        }

        /** A list of strings; absent or empty (null) means an empty list. */
        List<String> stringList(String name) throws ConfigException {
            Object value = map.get(name);
            if (value == null) {
                return List.of();
            }
            if (!(value instanceof List<?> list)) {
                throw error(name, "must be a list such as [a, b], got " + show(value));
            }
            List<String> result = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof String s) || s.isEmpty()) {
                    throw error(name + "[" + i + "]", "must be a non-empty string, got " + show(list.get(i)));
                }
                result.add(s);
            }
            return result;
        }

        ConfigException error(String name, String what) {
            return new ConfigException(source + ": " + key(name) + " " + what);
        }

        Supplier<ConfigException> errorSupplier(String name, String what) {
            return () -> error(name, what);
        }

        private String key(String name) {
            return path.isEmpty() ? name : path + "." + name;
        }

        static Optional<Path> toAbsolutePath(String text) {
            if (text.indexOf('\0') >= 0) {
                return Optional.empty();
            }
            try {
                Path p = Path.of(text);
                return p.isAbsolute() ? Optional.of(p.normalize()) : Optional.empty();
            } catch (InvalidPathException e) {
                return Optional.empty();
            }
        }

        static String show(Object value) {
            if (value == null) {
                return "nothing";
            }
            if (value instanceof String s) {
                return "\"" + Printable.of(s, 60) + "\"";
            }
            if (value instanceof Map) {
                return "a mapping";
            }
            if (value instanceof List) {
                return "a list";
            }
            return oneLine(String.valueOf(value));
        }
    }
}
