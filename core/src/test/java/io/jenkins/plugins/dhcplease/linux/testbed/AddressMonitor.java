package io.jenkins.plugins.dhcplease.linux.testbed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ip -ts monitor address} in the lab: when each address change really happened (kernel event, µs), to time
 * the bare clients and the engine's detection against.
 */
public final class AddressMonitor implements AutoCloseable {

    /** One IPv4 address event. */
    public record Event(Instant at, boolean deleted, String ifname, String address) {
    }

    private static final Pattern LINE = Pattern.compile(
            "\\[(\\S+)\\] (Deleted )?\\d+: (\\S+)\\s+inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/");

    private final Process process;
    private final List<Event> events = new ArrayList<>();

    public AddressMonitor(String namespace) throws IOException {
        process = new ProcessBuilder("ip", "-ts", "-n", namespace, "monitor", "address").redirectErrorStream(true).start();
        Thread reader = new Thread(this::read, "address monitor " + namespace);
        reader.setDaemon(true);
        reader.start();
        Testbed.sleep(100); // the subscription is in place before anyone acts
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                Matcher m = LINE.matcher(line);
                if (m.find()) {
                    Instant at = LocalDateTime.parse(m.group(1)).atZone(ZoneId.systemDefault()).toInstant();
                    synchronized (events) {
                        events.add(new Event(at, m.group(2) != null, m.group(3), m.group(4)));
                        events.notifyAll();
                    }
                }
            }
        } catch (IOException e) {
            // the monitor was closed
        }
    }

    /** Every IPv4 address event seen so far. */
    public List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** The first event at or after {@code since} that matches, waiting up to {@code millis}. */
    Optional<Event> await(Instant since, Predicate<Event> what, long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        synchronized (events) {
            while (true) {
                for (Event e : events) {
                    if (!e.at().isBefore(since) && what.test(e)) {
                        return Optional.of(e);
                    }
                }
                long left = (end - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return Optional.empty();
                }
                events.wait(left);
            }
        }
    }

    /** The last event between the two instants that matches. */
    Optional<Event> last(Instant since, Instant until, Predicate<Event> what) {
        synchronized (events) {
            Event found = null;
            for (Event e : events) {
                if (!e.at().isBefore(since) && !e.at().isAfter(until) && what.test(e)) {
                    found = e;
                }
            }
            return Optional.ofNullable(found);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
