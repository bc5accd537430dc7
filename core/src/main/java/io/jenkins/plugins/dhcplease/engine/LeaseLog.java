package io.jenkins.plugins.dhcplease.engine;

/** Where the engine reports progress while it works: the build log, the CLI's stderr. */
@FunctionalInterface
public interface LeaseLog {
    void line(String line);
}
