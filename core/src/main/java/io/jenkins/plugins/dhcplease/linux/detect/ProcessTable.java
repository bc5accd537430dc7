package io.jenkins.plugins.dhcplease.linux.detect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The processes of one network namespace, read from /proc.
 *
 * <p>Only processes whose {@code ns/net} link equals {@code netns} count: a daemon in another namespace (another
 * testbed, the host) manages another interface of the same name.
 */
public final class ProcessTable {

    private final Path proc;
    private final String netns;

    /**
     * @param proc  the procfs root, /proc
     * @param netns the namespace's identity as /proc/PID/ns/net reads ({@code net:[4026531840]}); null = every process
     */
    public ProcessTable(Path proc, String netns) {
        this.proc = proc;
        this.netns = netns;
    }

    public List<ProcessInfo> processes() {
        List<ProcessInfo> result = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, p -> isPid(p.getFileName().toString()))) {
            for (Path dir : dirs) {
                read(dir).ifPresent(result::add);
            }
        } catch (IOException e) {
            return result;
        }
        return result;
    }

    /** The process if it is still alive and in this namespace. */
    public Optional<ProcessInfo> process(long pid) {
        return read(proc.resolve(Long.toString(pid)));
    }

    /** One number from /proc/PID/stat: {@code field} counted from 1 as in proc(5). */
    public Optional<Long> statField(long pid, int field) {
        try {
            String stat = Files.readString(proc.resolve(pid + "/stat"), StandardCharsets.UTF_8);
            // the name in parentheses may hold spaces: count fields after the last ')'
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return Optional.of(Long.parseLong(rest[field - 3]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private Optional<ProcessInfo> read(Path dir) {
        try {
            if (netns != null && !netns.equals(Files.readSymbolicLink(dir.resolve("ns/net")).toString())) {
                return Optional.empty();
            }
            byte[] raw = Files.readAllBytes(dir.resolve("cmdline"));
            String comm = Files.readString(dir.resolve("comm"), StandardCharsets.UTF_8).strip();
            String cmd = new String(raw, StandardCharsets.UTF_8);
            if (cmd.isEmpty()) {
                return Optional.empty(); // kernel thread or zombie: nothing to drive
            }
            List<String> argv = Arrays.stream(cmd.split("\0")).filter(s -> !s.isEmpty()).toList();
            long[] ids = ids(dir);
            return Optional.of(new ProcessInfo(Long.parseLong(dir.getFileName().toString()), argv, comm, (int) ids[0],
                    (int) ids[1], exe(dir), ids[2]));
        } catch (IOException | RuntimeException e) {
            // gone meanwhile, or not ours to read (then it cannot be ours to drive either)
            return Optional.empty();
        }
    }

    /** Real and effective uid ({@code Uid:}) and parent pid ({@code PPid:}) from /proc/PID/status; -1 when unreadable. */
    private static long[] ids(Path dir) {
        long[] ids = {-1, -1, -1};
        try {
            for (String line : Files.readAllLines(dir.resolve("status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Uid:")) {
                    String[] w = line.substring(4).trim().split("\\s+");
                    ids[0] = Integer.parseInt(w[0]);
                    ids[1] = Integer.parseInt(w[1]);
                } else if (line.startsWith("PPid:")) {
                    ids[2] = Long.parseLong(line.substring(5).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1, -1}; // gone meanwhile
        }
        return ids;
    }

    /** The binary the kernel runs for the process; null when another user's process is seen without root. */
    private static String exe(Path dir) {
        try {
            return Files.readSymbolicLink(dir.resolve("exe")).toString();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean isPid(String name) {
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }
}
