package io.jenkins.plugins.dhcplease.files;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * The small files dhcp-lease keeps between runs (Linux release records, the agent-side journal). Their default
 * directories may lie in a temp directory every local user can write to, so each is replaced in one atomic step,
 * and a file is believed only when this JVM's user wrote it.
 */
public final class PrivateFiles {

    private static final UserPrincipal SELF = lookUpSelf();

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
     * Makes sure {@code dir} is a directory (not a link) that this JVM's user owns and only it may enter (0700),
     * creating it so when absent. A directory of ours that others may read but not write is tightened; one that
     * another user owns, or that others may write (they could have planted files in it), is refused.
     *
     * @throws IOException naming what is wrong with it
     */
    public static void ensurePrivateDirectory(Path dir) throws IOException {
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(dir);
            return;
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            // checked below
        } catch (NoSuchFileException e) {
            Files.createDirectories(dir.toAbsolutePath().getParent());
            ensurePrivateDirectory(dir);
            return;
        }
        PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isDirectory()) {
            throw new IOException(dir + " is " + (a.isSymbolicLink() ? "a symbolic link" : "not a directory")
                    + "; dhcp-lease keeps its state only in a real directory of its own");
        }
        if (SELF == null || !a.owner().equals(SELF)) {
            throw new IOException(dir + " belongs to " + a.owner().getName() + ", not to " + (SELF == null ? "this"
                    + " process's user" : SELF.getName()) + " that dhcp-lease runs as");
        }
        Set<PosixFilePermission> p = a.permissions();
        if (p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException(dir + " may be written by other users (mode "
                    + PosixFilePermissions.toString(p) + "), so a file in it may have been planted");
        }
        if (!p.equals(PosixFilePermissions.fromString("rwx------"))) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** Whether {@code dir} is, as it is now, what {@link #ensurePrivateDirectory} leaves: never creates or repairs. */
    public static boolean isPrivateDirectory(Path dir) throws IOException {
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS);
        }
        PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return SELF != null && a.isDirectory() && a.owner().equals(SELF)
                && a.permissions().equals(PosixFilePermissions.fromString("rwx------"));
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

    /**
     * {@link #writtenBySelf}, and nobody else may read it either (0600 or less): the rule for files root will run or
     * that say who holds an interface (docs/linux.md, "Trust rules").
     */
    public static boolean isPrivateFile(Path file) throws IOException {
        if (!writtenBySelf(file) || !file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return writtenBySelf(file);
        }
        Set<PosixFilePermission> p = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .permissions();
        return p.stream().noneMatch(x -> x.name().startsWith("GROUP") || x.name().startsWith("OTHERS"));
    }

    /** The user this JVM runs as, as the file system names it; null when it cannot tell. */
    public static UserPrincipal self() {
        return SELF;
    }

    /** The user this JVM runs as: the owner of its /proc entry, else by name; null when neither tells (then no file counts). */
    private static UserPrincipal lookUpSelf() {
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
