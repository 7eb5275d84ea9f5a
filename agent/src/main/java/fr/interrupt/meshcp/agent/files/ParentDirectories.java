package fr.interrupt.meshcp.agent.files;

import fr.interrupt.meshcp.agent.Refusal;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.List;

/**
 * Creates the missing parent directories of a new file, one at a time below the directory a {@link PathWalk} holds:
 * each is made with {@link NoFollowDirectories} (mkdirat in its parent reached without following a symlink), then
 * opened from the held directory without following a symlink and held in turn. A directory swapped meanwhile makes
 * the write fail ("changed ... try again"); a directory is never made outside the path that was checked.
 */
final class ParentDirectories {
    private ParentDirectories() {
    }

    /**
     * Makes every missing name of walked but the last (the file's own), and returns a walk that holds the file's
     * directory with the file's name missing in it. walked is closed when this returns normally; on a refusal it is
     * left to the caller.
     *
     * @throws Refusal PERMISSION_DENIED when a directory cannot be made for lack of rights, FAILED_PRECONDITION when the
     *                 path changed or the system cannot make directories without following symlinks
     */
    static Walked create(Walked walked, Path requested) {
        List<String> missing = walked.missing();
        SecureDirectoryStream<Path> dir = walked.directory();
        Path dirPath = walked.directoryPath();
        try {
            for (String name : missing.subList(0, missing.size() - 1)) {
                SecureDirectoryStream<Path> child = makeAndOpen(dir, dirPath, name, requested);
                if (dir != walked.directory()) {
                    dir.close();
                }
                dir = child;
                dirPath = dirPath.resolve(name);
            }
        } catch (IOException | RuntimeException e) {
            closeUnlessWalked(dir, walked);
            if (e instanceof Refusal refusal) {
                throw refusal;
            }
            throw Refusal.precondition("cannot create " + requested.getParent() + ": " + IoReasons.of((Exception) e));
        }
        walked.close();
        String fileName = missing.get(missing.size() - 1);
        return new Walked(dir, dirPath, fileName, null, List.of(fileName), false, false);
    }

    private static SecureDirectoryStream<Path> makeAndOpen(SecureDirectoryStream<Path> dir, Path dirPath, String name, Path requested)
            throws IOException {
        try {
            NoFollowDirectories.create(dirPath, name);
        } catch (AccessDeniedException e) {
            throw Refusal.denied("permission denied: cannot create " + requested.getParent());
        }
        try {
            return dir.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS);
        } catch (AccessDeniedException e) {
            throw Refusal.denied("permission denied: " + requested.getParent());
        } catch (IOException e) {
            throw Refusal.precondition(requested.getParent() + " changed while it was being created: try again");
        }
    }

    private static void closeUnlessWalked(SecureDirectoryStream<Path> dir, Walked walked) {
        if (dir != walked.directory()) {
            try {
                dir.close();
            } catch (IOException e) {
                // opened for searching only
            }
        }
    }
}
