package io.jenkins.plugins.dhcplease.files;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * The small files dhcp-lease keeps between runs (Linux release records, the agent-side journal). Their default
 * directories may lie in a temp directory every local user can write to, so each is replaced in one atomic step,
 * and a file is believed only when this JVM's user wrote it.
 */
public final class PrivateFiles {

    private static final UserPrincipal SELF = self();

    private PrivateFiles() {
    }

    /** Replaces {@code target} with {@code content}: a reader sees the old file or the new one, never half. */
    public static void replace(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, content);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp); // gone after the move; left only when writing or moving failed
        }
    }

    /**
     * Whether {@code file} is a regular file (not a link) that this JVM's user owns and nobody else may write, as
     * {@link #replace} leaves them. Where the file system has no POSIX attributes (Windows), its ACLs decide and only
     * "a regular file" is checked.
     */
    public static boolean writtenBySelf(Path file) throws IOException {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
        }
        PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> p = a.permissions();
        return SELF != null && a.owner().equals(SELF) && a.isRegularFile()
                && !p.contains(PosixFilePermission.GROUP_WRITE) && !p.contains(PosixFilePermission.OTHERS_WRITE);
    }

    /** The user this JVM runs as: the owner of its /proc entry, else by name; null when neither tells (then no file counts). */
    private static UserPrincipal self() {
        try {
            return Files.getOwner(Path.of("/proc/self"));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            try {
                return Path.of("").getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(System.getProperty("user.name"));
            } catch (IOException | UnsupportedOperationException | SecurityException e2) {
                return null;
            }
        }
    }
}
