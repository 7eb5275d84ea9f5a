package fr.interrupt.meshcp.agent.files;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why a file operation failed, in words (never a Java class name such as {@code FileAlreadyExistsException}, never
 * just the path, which is what many of Java's file exceptions carry as their message).
 */
public final class IoReasons {
    private IoReasons() {
    }

    /** "already exists", "no such file or directory", the system's reason... */
    public static String of(Exception e) {
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return "input/output error";
        }
        // "java.nio.file.SomethingException: detail" (an exception wrapping another) -> "detail"
        return message.replaceAll("(?:[a-z]+\\.)+[A-Z][A-Za-z]*(?:Exception|Error): ?", "").strip();
    }
}
