package fr.interrupt.meshcp.agent.files;

import fr.interrupt.meshcp.agent.Refusal;
import fr.interrupt.meshcp.agent.config.FilesConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Lists a directory sorted by name, one page at a time. The directory is reached by a {@link PathWalk} and read
 * through the descriptor it holds (names and each entry's lstat), never by path again. Each page streams the directory once and keeps only
 * the page's names (a bounded heap of the smallest names after the token), so a huge directory never needs
 * memory beyond one page. The page token is the last name of the previous page, encoded.
 */
public final class DirectoryLister {
    public static final int DEFAULT_PAGE_SIZE = 1000;
    public static final int MAX_PAGE_SIZE = 5000;
    private static final String TOKEN_PREFIX = "after:";

    private final FilesConfig config;
    private final PathPolicy policy;

    public DirectoryLister(FilesConfig config, PathPolicy policy) {
        this.config = config;
        this.policy = policy;
    }

    public record Page(List<FileMeta> entries, String nextPageToken, long totalEntries) {
    }

    public Page list(String rawPath, int pageSize, String pageToken) {
        if (!config.enabled()) {
            throw Refusal.disabled("files");
        }
        int size = pageSize <= 0 ? DEFAULT_PAGE_SIZE : Math.min(pageSize, MAX_PAGE_SIZE);
        String after = decode(pageToken);
        Path requested = policy.parse(rawPath);
        try (Walked walked = PathWalk.walk(requested, PathWalk.LastName.FOLLOW)) {
            if (!walked.exists()) {
                throw walked.missingRefusal(policy, requested);
            }
            Path real = walked.real();
            policy.requireAllowed(requested, real);
            if (!walked.attributes().isDirectory()) {
                throw Refusal.precondition("not a directory: " + requested);
            }
            SecureDirectoryStream<Path> listing = walked.name() == null ? walked.directory() : open(walked, requested);
            try {
                return page(listing, real, requested, size, after);
            } finally {
                if (listing != walked.directory()) {
                    close(listing);
                }
            }
        }
    }

    /** One page of the held directory: names read once, each entry's lstat made in that same directory. */
    private static Page page(SecureDirectoryStream<Path> listing, Path real, Path requested, int size, String after) {
        PriorityQueue<String> page = new PriorityQueue<>(Collections.reverseOrder());
        long total = 0;
        long afterToken = 0;
        try {
            for (Path entry : listing) {
                total++;
                String name = entry.getFileName().toString();
                if (after != null && name.compareTo(after) <= 0) {
                    continue;
                }
                afterToken++;
                page.add(name);
                if (page.size() > size) {
                    page.poll();
                }
            }
        } catch (java.nio.file.DirectoryIteratorException e) {
            throw Refusal.precondition("cannot list " + requested + ": " + IoReasons.of(e.getCause()));
        }
        List<String> names = new ArrayList<>(page);
        Collections.sort(names);
        List<FileMeta> entries = new ArrayList<>(names.size());
        for (String name : names) {
            PosixFileAttributes attributes = PathWalk.lstat(listing, name, requested.resolve(name));
            if (attributes != null) { // else removed while listing
                entries.add(FileMetas.of(attributes, real.resolve(name), name, requested.resolve(name).toString()));
            }
        }
        String next = afterToken > size && !names.isEmpty() ? encode(names.get(names.size() - 1)) : "";
        return new Page(entries, next, total);
    }

    /** The walked directory, opened in its held parent without following a symlink. */
    private static SecureDirectoryStream<Path> open(Walked walked, Path requested) {
        try {
            return walked.directory().newDirectoryStream(Path.of(walked.name()), LinkOption.NOFOLLOW_LINKS);
        } catch (AccessDeniedException e) {
            throw Refusal.denied("permission denied: " + requested);
        } catch (IOException e) {
            throw Refusal.precondition(requested + " changed while it was being opened: try again");
        }
    }

    private static void close(SecureDirectoryStream<Path> listing) {
        try {
            listing.close();
        } catch (IOException e) {
            // opened for reading only
        }
    }

    private static String encode(String lastName) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((TOKEN_PREFIX + lastName).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith(TOKEN_PREFIX)) {
                return text.substring(TOKEN_PREFIX.length());
            }
        } catch (IllegalArgumentException e) {
            // Falls through to the refusal.
        }
        throw Refusal.invalid("invalid page_token: pass the next_page_token of the previous page unchanged");
    }
}
