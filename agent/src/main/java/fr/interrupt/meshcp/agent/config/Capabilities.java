package fr.interrupt.meshcp.agent.config;

/** The capabilities section of agent.yaml. */
public record Capabilities(ShellConfig shell, FilesConfig files, SystemConfig system, DockerConfig docker) {
    public static final Capabilities DEFAULT = new Capabilities(ShellConfig.DEFAULT, FilesConfig.DEFAULT, SystemConfig.DEFAULT, DockerConfig.DEFAULT);

    public Capabilities withShell(ShellConfig value) {
        return new Capabilities(value, files, system, docker);
    }

    public Capabilities withFiles(FilesConfig value) {
        return new Capabilities(shell, value, system, docker);
    }

    public Capabilities withSystem(SystemConfig value) {
        return new Capabilities(shell, files, value, docker);
    }

    public Capabilities withDocker(DockerConfig value) {
        return new Capabilities(shell, files, system, value);
    }
}
