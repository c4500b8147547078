package dev.groups.node.internal.cli;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The command line's one logging story. The library logs through {@code System.Logger};
 * {@code slf4j-jdk-platform-logging} routes that to SLF4J, where Netty and Chronicle log too, and
 * {@code slf4j-simple} writes each line once, with a timestamp, level and logger:
 * {@code 2026-05-04T10:15:30.123+02:00 INFO GroupMonitor - group b60676d7: leader is this node in term 1}.
 *
 * <p>Configured with system properties before the first logger exists, each only if the user did not
 * set it ({@code GROUPS_JAVA_OPTS="-Dorg.slf4j.simpleLogger.log.dev.groups.raft=debug"}; every
 * {@code org.slf4j.simpleLogger.*} property of slf4j-simple works).
 */
public final class Logging {
    private static final String SIMPLE = "org.slf4j.simpleLogger.";

    private Logging() {}

    /** Every command: warnings and errors only, on stderr (a tool's output stays clean). */
    public static void defaults() {
        setIfAbsent(SIMPLE + "defaultLogLevel", "warn");
        setIfAbsent(SIMPLE + "showDateTime", "true");
        setIfAbsent(SIMPLE + "dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        setIfAbsent(SIMPLE + "showThreadName", "false");
        setIfAbsent(SIMPLE + "showShortLogName", "true");
        // anything that uses java.util.logging directly: the same shape, warnings only
        setIfAbsent("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL%1$tz %4$s %3$s - %5$s%6$s%n");
        Logger.getLogger("").setLevel(Level.WARNING);
    }

    /**
     * {@code groups node}: the groups' own lines ({@code dev.groups.*}) at {@code level} and on stdout,
     * with the node's; Netty and Chronicle stay at warnings. An explicit {@code --log-level} wins over a
     * system property; without one, a property wins over the default {@code info}.
     *
     * @param level error, warn, info, debug or trace
     * @param explicit whether the user gave {@code --log-level}
     */
    static void forNode(String level, boolean explicit) {
        setIfAbsent(SIMPLE + "logFile", "System.out");
        if (explicit) {
            System.setProperty(SIMPLE + "log.dev.groups", level);
        } else {
            setIfAbsent(SIMPLE + "log.dev.groups", level);
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
