package fr.interrupt.meshcp.hub.state;

import fr.interrupt.meshcp.hub.MeshcpException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's data dir holds the CA key and the state every face shares, so only its owner may enter it: it is created
 * 0700, an existing one open to group or others is tightened to 0700 (with a warning on stderr), and one that belongs
 * to another user is refused, since its owner could swap the files this hub trusts.
 */
public final class PrivateDataDir {
    private static final Logger LOG = LoggerFactory.getLogger(PrivateDataDir.class);
    private static final Set<PosixFilePermission> OPEN_TO_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateDataDir() {
    }

    /**
     * Creates {@code dataDir} owner-only, or checks and tightens an existing one.
     *
     * @throws MeshcpException STATE when it cannot be created, belongs to another user, or cannot be tightened
     */
    public static void prepare(Path dataDir) {
        try {
            if (!Files.isDirectory(dataDir)) {
                Files.createDirectories(dataDir, PosixFilePermissions.asFileAttribute(StateFiles.OWNER_ONLY_DIR));
                return;
            }
            PosixFileAttributeView view = Files.getFileAttributeView(dataDir, PosixFileAttributeView.class);
            if (view == null) {
                return;
            }
            UserPrincipal owner = view.getOwner();
            UserPrincipal me = dataDir.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
            if (!owner.equals(me)) {
                throw new MeshcpException(MeshcpException.Kind.STATE, "the data directory " + dataDir + " belongs to "
                        + owner.getName() + ", not to " + me.getName() + ": its owner could replace the CA and state this "
                        + "hub trusts. Use your own with --data-dir (or run as " + owner.getName() + ")");
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dataDir, LinkOption.NOFOLLOW_LINKS);
            if (permissions.stream().anyMatch(OPEN_TO_OTHERS::contains)) {
                Files.setPosixFilePermissions(dataDir, StateFiles.OWNER_ONLY_DIR);
                LOG.warn("the data directory {} was {}: tightened to rwx------ (it holds the CA key and the hub's state)",
                        dataDir, PosixFilePermissions.toString(permissions));
            }
        } catch (IOException e) {
            throw new MeshcpException(MeshcpException.Kind.STATE, "cannot prepare the data directory " + dataDir + " ("
                    + JsonStateFile.describe(e) + "); choose another with --data-dir");
        }
    }
}
