package fr.interrupt.meshcp.agent.files;

import fr.interrupt.meshcp.agent.config.FilesConfig;

/** The files capability's operations, sharing one path policy. */
public record FileOperations(FileReader reader, FileWriter writer, DirectoryLister lister, FileStatter statter) {
    public static FileOperations create(FilesConfig config, PathPolicy policy) {
        return new FileOperations(new FileReader(config, policy), new FileWriter(config, policy), new DirectoryLister(config, policy),
                new FileStatter(config, policy));
    }
}
