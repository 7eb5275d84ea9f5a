package fr.interrupt.meshcp.agent.files;

import fr.interrupt.meshcp.agent.config.FilesConfig;

/** The files capability's operations, sharing one path policy. */
public record FileOperations(FileReader reader, FileWriter writer, DirectoryLister lister, FileStatter statter) {
    /** Reads and writes never touch ownFiles; listing and stat'ing them (names, sizes) stay allowed. */
    public static FileOperations create(FilesConfig config, PathPolicy policy, OwnFiles ownFiles) {
        return new FileOperations(new FileReader(config, policy, ownFiles), new FileWriter(config, policy, ownFiles),
                new DirectoryLister(config, policy), new FileStatter(config, policy));
    }

    /** As {@link #create(FilesConfig, PathPolicy, OwnFiles)}, reads opening files with opener (a test seam). */
    public static FileOperations create(FilesConfig config, PathPolicy policy, OwnFiles ownFiles, FileOpener opener) {
        return new FileOperations(new FileReader(config, policy, ownFiles, opener), new FileWriter(config, policy, ownFiles),
                new DirectoryLister(config, policy), new FileStatter(config, policy));
    }
}
