package io.jenkins.plugins.dhcplease.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a file is one only the trusted owner (root) could have put where it is: the file and every directory on
 * its way from {@code /} owned by root and not writable by group or others. A root-owned sticky directory
 * ({@code /tmp}) counts too: others may add their own entries there, but not rename or remove root's. A symbolic link
 * on the way counts when it is root's and sits in such a directory; its target is then checked the same way.
 *
 * <p>The walk starts at a base: {@code /} on a real machine; another directory stands for the machine's root in a test's
 * fake tree, or in {@code /proc/PID/root} for a daemon in a mount namespace of its own — what lies above such a base
 * is not the machine's and is not judged, and absolute link targets resolve under it.
 *
 * <p>Answers are sentences for messages ("/home/u/dhclient is owned by uid 1000"), or empty when the path is safe.
 */
public final class SafePaths {

    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;
    private static final int GROUP_OR_OTHER_WRITE = 0022;
    private static final int STICKY = 01000;
    private static final int MAX_LINKS = 16;

    private final int owner;
    private final Path base;

    /**
     * @param owner the uid that may own what is trusted besides root: 0 in production; a test's own uid when it
     *              builds a fake tree it cannot give to root
     * @param base  the directory that stands for {@code /}: paths to check lie under it
     */
    public SafePaths(int owner, Path base) {
        this.owner = owner;
        this.base = base.toAbsolutePath().normalize();
    }

    /** Root's rules on this machine: only uid 0, from {@code /}. */
    public static SafePaths root() {
        return new SafePaths(0, Path.of("/"));
    }

    /** Why {@code file} (which must exist and be a regular file) is not safe; empty when it is. */
    public Optional<String> regularFile(Path file) {
        return check(file, true, 0);
    }

    /**
     * Why {@code file} is not safe to hand to a root program that may create it: when it exists, as
     * {@link #regularFile}; when it does not, the nearest directory above it that exists must be safe.
     */
    public Optional<String> fileOrAbsent(Path file) {
        try {
            Files.readAttributes(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            // the nearest directory that exists decides: only who may write there can create what is missing
            Path dir = file.toAbsolutePath().getParent();
            while (dir != null && !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                dir = dir.getParent();
            }
            return dir == null ? Optional.empty() : directory(dir);
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of(file + " cannot be examined (" + e.getMessage() + ")");
        }
        return regularFile(file);
    }

    /** Why the directory {@code dir} and its ancestors are not safe; empty when they are. */
    public Optional<String> directory(Path dir) {
        return check(dir, false, 0);
    }

    private Optional<String> check(Path path, boolean regular, int links) {
        if (!path.isAbsolute()) {
            return Optional.of(path + " is a relative path (relative to what a process's working directory was)");
        }
        Path p = path.normalize();
        if (!p.startsWith(base)) {
            return Optional.of(path + " lies outside " + base);
        }
        Path at = base;
        if (base.getParent() == null) {
            Optional<String> bad = directoryAt(at);
            if (bad.isPresent()) {
                return bad;
            }
        }
        Optional<String> bad;
        for (int i = base.getNameCount(); i < p.getNameCount(); i++) {
            at = at.resolve(p.getName(i));
            boolean last = i == p.getNameCount() - 1;
            Map<String, Object> a;
            try {
                a = Files.readAttributes(at, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
            } catch (IOException | UnsupportedOperationException e) {
                return Optional.of(at + " cannot be examined (" + e.getMessage() + ")");
            }
            int mode = (Integer) a.get("mode");
            int uid = (Integer) a.get("uid");
            if ((mode & S_IFMT) == S_IFLNK) {
                if (!trusted(uid)) {
                    return Optional.of(at + " is a symbolic link owned by uid " + uid + ", not root");
                }
                if (links >= MAX_LINKS) {
                    return Optional.of(path + " goes through more than " + MAX_LINKS + " symbolic links");
                }
                try {
                    Path link = Files.readSymbolicLink(at);
                    Path target = link.isAbsolute() ? base.resolve(link.getRoot().relativize(link))
                            : at.getParent().resolve(link);
                    return check(last ? target : target.resolve(p.subpath(i + 1, p.getNameCount())), regular,
                            links + 1);
                } catch (IOException e) {
                    return Optional.of(at + " cannot be read (" + e.getMessage() + ")");
                }
            }
            bad = last ? finalEntry(at, mode, uid, regular) : entry(at, mode, uid);
            if (bad.isPresent()) {
                return bad;
            }
        }
        return Optional.empty();
    }

    private Optional<String> directoryAt(Path dir) {
        try {
            Map<String, Object> a = Files.readAttributes(dir, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
            return entry(dir, (Integer) a.get("mode"), (Integer) a.get("uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of(dir + " cannot be examined (" + e.getMessage() + ")");
        }
    }

    /** A directory on the way. */
    private Optional<String> entry(Path dir, int mode, int uid) {
        if ((mode & S_IFMT) != S_IFDIR) {
            return Optional.of(dir + " is not a directory");
        }
        if (!trusted(uid)) {
            return Optional.of("the directory " + dir + " is owned by uid " + uid + ", not root");
        }
        if ((mode & GROUP_OR_OTHER_WRITE) != 0 && (mode & STICKY) == 0) {
            return Optional.of("the directory " + dir + " is writable by " + writers(mode) + " (mode "
                    + Integer.toOctalString(mode & 07777) + ")");
        }
        return Optional.empty();
    }

    private Optional<String> finalEntry(Path f, int mode, int uid, boolean regular) {
        if (!regular) {
            return entry(f, mode, uid);
        }
        if ((mode & S_IFMT) != S_IFREG) {
            return Optional.of(f + " is not a regular file");
        }
        if (!trusted(uid)) {
            return Optional.of(f + " is owned by uid " + uid + ", not root");
        }
        if ((mode & GROUP_OR_OTHER_WRITE) != 0) {
            return Optional.of(f + " is writable by " + writers(mode) + " (mode " + Integer.toOctalString(mode & 07777)
                    + ")");
        }
        return Optional.empty();
    }

    private boolean trusted(int uid) {
        return uid == 0 || uid == owner;
    }

    private static String writers(int mode) {
        boolean g = (mode & 0020) != 0;
        boolean o = (mode & 0002) != 0;
        return g && o ? "its group and others" : g ? "its group" : "others";
    }
}
