package dev.groups.storage.chronicle.internal;

import dev.groups.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JVM flags Chronicle Queue needs on Java 17 (the parent POM's {@code chronicle.jvm.args}): for the
 * child processes this module starts itself, and to turn the JDK's refusal when they are missing into an
 * error that says which flags to add.
 */
public final class ChronicleJvm {
    private ChronicleJvm() {}

    public static final List<String> FLAGS = List.of(
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "-Dchronicle.analytics.disable=true",
            "-Dchronicle.announcer.disable=true");

    /** Where the flags are explained, for error messages. */
    public static final String README = "README.md#jvm-flags";

    /** The java.base packages Chronicle reaches into, and whether it needs them opened or exported. */
    private static final List<String[]> ACCESS = List.of(
            new String[] {"--add-exports", "jdk.internal.ref"},
            new String[] {"--add-exports", "sun.nio.ch"},
            new String[] {"--add-opens", "java.lang.reflect"});

    /**
     * The error to throw instead of {@code failure} when it is the JDK refusing Chronicle access to its
     * internals (an {@code IllegalAccessException} such as "member is private:
     * sun.nio.ch.FileChannelImpl.map0", or an {@code InaccessibleObjectException}) somewhere in its
     * causes; empty for any other failure.
     *
     * @param chronicle the module Chronicle's classes are in: the unnamed module on the class path,
     *                  {@code chronicle.core} on the module path; the flags name it as their target
     */
    public static Optional<StorageException> missingFlags(Throwable failure, Module chronicle) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IllegalAccessException || t instanceof java.lang.reflect.InaccessibleObjectException) {
                return Optional.of(new StorageException("Chronicle Queue cannot reach the JDK internals it needs ("
                        + t.getMessage() + "): start the JVM with " + String.join(" ", flagsFor(chronicle))
                        + " (see " + README + ")", failure));
            }
        }
        return Optional.empty();
    }

    /**
     * The {@code --add-exports}/{@code --add-opens} flags for {@code chronicle}: those this JVM lacks, or
     * all of them when it lacks none (then access failed for a reason the flags do not cover, and the
     * message still shows the whole set to compare with the command line).
     */
    static List<String> flagsFor(Module chronicle) {
        String target = chronicle.isNamed() ? chronicle.getName() : "ALL-UNNAMED";
        Module base = Object.class.getModule();
        List<String> missing = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (String[] a : ACCESS) {
            String flag = a[0] + "=java.base/" + a[1] + "=" + target;
            all.add(flag);
            boolean granted = a[0].equals("--add-opens") ? base.isOpen(a[1], chronicle) : base.isExported(a[1], chronicle);
            if (!granted) {
                missing.add(flag);
            }
        }
        return missing.isEmpty() ? all : missing;
    }

    /** The module Chronicle Queue's core classes are loaded in. */
    public static Module chronicleModule() {
        return net.openhft.chronicle.core.OS.class.getModule();
    }
}
