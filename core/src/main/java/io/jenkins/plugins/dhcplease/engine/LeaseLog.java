package io.jenkins.plugins.dhcplease.engine;

/** Where the engine reports progress while it works: the build log, the CLI's stderr. */
@FunctionalInterface
public interface LeaseLog {
    LeaseLog NONE = line -> { };

    void line(String line);
}
