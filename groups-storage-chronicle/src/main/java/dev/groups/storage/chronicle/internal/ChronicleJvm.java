package dev.groups.storage.chronicle.internal;

import java.util.List;

/**
 * The JVM flags Chronicle Queue needs on Java 17 (the parent POM's {@code chronicle.jvm.args}), for
 * the child processes this module starts itself.
 */
public final class ChronicleJvm {
    private ChronicleJvm() {}

    public static final List<String> FLAGS = List.of(
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "-Dchronicle.analytics.disable=true",
            "-Dchronicle.announcer.disable=true");
}
