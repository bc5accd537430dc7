package io.jenkins.plugins.dhcplease.linux.state;

import io.jenkins.plugins.dhcplease.engine.Deadline;
import io.jenkins.plugins.dhcplease.files.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One run per interface at a time: {@code flock} on {@code STATE_DIR/IF.lock} between processes (the kernel lets go
 * when the holder dies, even by SIGKILL), and a semaphore per file between the runs of one JVM (a JVM holds one
 * file lock per file, for all its threads). The holder writes who it is into the file, for the message of the run
 * that waits. The file is never deleted: deleting a lock file lets two runs hold locks on different inodes.
 */
public final class InterfaceLock implements AutoCloseable {

    private static final Map<Path, Semaphore> IN_THIS_JVM = new ConcurrentHashMap<>();
    private static final long RETRY_MILLIS = 10;

    private final Semaphore inJvm;
    private final FileChannel channel;
    private final FileLock lock;

    private InterfaceLock(Semaphore inJvm, FileChannel channel, FileLock lock) {
        this.inJvm = inJvm;
        this.channel = channel;
        this.lock = lock;
    }

    /** The other run holds the interface: who it is, as it wrote into the lock file (empty when unknown). */
    public static final class Busy extends Exception {
        private static final long serialVersionUID = 1L;
        private final String holder;

        Busy(String holder) {
            super(holder);
            this.holder = holder;
        }

        public String holder() {
            return holder;
        }
    }

    /**
     * Takes the lock of {@code file}, waiting for another holder until {@code deadline}.
     *
     * @param holder who takes it, for the message of a run that waits ("pid 812, renew of eth0")
     * @throws Busy        when the other holder still has it at the deadline
     * @throws IOException when the lock file cannot be opened, or is not a private file of this user
     */
    static InterfaceLock acquire(Path file, String holder, Deadline deadline)
            throws IOException, InterruptedException, Busy {
        Semaphore inJvm = IN_THIS_JVM.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new Semaphore(1));
        if (!inJvm.tryAcquire(deadline.remainingMillis(), TimeUnit.MILLISECONDS)) {
            throw new Busy(holderOf(file));
        }
        boolean held = false;
        try {
            FileChannel ch = open(file);
            try {
                while (true) {
                    FileLock l = ch.tryLock();
                    if (l != null) {
                        ch.truncate(0);
                        ch.write(ByteBuffer.wrap((holder + ", since " + Instant.now() + "\n")
                                .getBytes(StandardCharsets.UTF_8)), 0);
                        held = true;
                        return new InterfaceLock(inJvm, ch, l);
                    }
                    if (deadline.expired()) {
                        throw new Busy(holderOf(file));
                    }
                    Thread.sleep(Math.max(1, Math.min(RETRY_MILLIS, deadline.remainingMillis())));
                }
            } finally {
                if (!held) {
                    ch.close();
                }
            }
        } finally {
            if (!held) {
                inJvm.release();
            }
        }
    }

    /** Takes the lock only if nobody holds it now. */
    static Optional<InterfaceLock> tryAcquire(Path file, String holder) throws IOException, InterruptedException {
        try {
            return Optional.of(acquire(file, holder, Deadline.after(java.time.Duration.ZERO)));
        } catch (Busy e) {
            return Optional.empty();
        }
    }

    private static FileChannel open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        if (!PrivateFiles.isPrivateFile(file)) {
            ch.close();
            throw new IOException("the lock file " + file + " is not a private file of this user (another user's,"
                    + " or readable or writable by others); remove it");
        }
        return ch;
    }

    private static String holderOf(Path file) {
        try {
            if (PrivateFiles.isPrivateFile(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
        } catch (IOException e) {
            // the holder is unknown
        }
        return "";
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // closing the channel drops the lock in any case
        } finally {
            inJvm.release();
        }
    }
}
