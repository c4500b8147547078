package dev.groups.storage.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.id.GroupId;
import dev.groups.machine.Codecs;
import dev.groups.storage.StorageException;
import dev.groups.storage.chronicle.internal.ChronicleJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without Chronicle's JVM flags, opening a store says which flags to add and where they are explained. */
class MissingJvmFlagsTest {
    private static final String ALL_THREE = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED"
            + " --add-exports=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED";

    @TempDir
    Path dir;

    @Test
    void aJvmWithoutTheFlagsGetsAStorageExceptionNamingThemAndTheReadme() throws Exception {
        // A child JVM with this test class path and none of the flags surefire passes to this one.
        Path out = dir.resolve("child.out");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dchronicle.analytics.disable=true",
                "-Dchronicle.announcer.disable=true", "-cp", System.getProperty("java.class.path"),
                OpenWithoutFlags.class.getName(), dir.resolve("log").toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child JVM finished");
        String output = Files.readString(out);
        assertEquals(0, child.exitValue(), output);
        String message = output.lines().filter(l -> l.startsWith("StorageException: ")).findFirst().orElse(output);
        assertTrue(message.contains("FileChannelImpl.map0"), message);
        assertTrue(message.contains("start the JVM with " + ALL_THREE + " (see README.md#jvm-flags)"), message);
    }

    @Test
    void onTheModulePathTheFlagsNameChroniclesModule() {
        // java.logging stands in for chronicle.core: a named module none of the flags was given to.
        Module named = java.util.logging.Logger.class.getModule();
        StorageException e = ChronicleJvm.missingFlags(new RuntimeException("wrapped",
                new IllegalAccessException("member is private: sun.nio.ch.FileChannelImpl.map0")), named).orElseThrow();
        assertTrue(e.getMessage().contains("--add-exports=java.base/jdk.internal.ref=java.logging"
                + " --add-exports=java.base/sun.nio.ch=java.logging --add-opens=java.base/java.lang.reflect=java.logging"),
                e.getMessage());
        assertTrue(ChronicleJvm.missingFlags(new java.lang.reflect.InaccessibleObjectException("no"), named).isPresent());
    }

    @Test
    void otherFailuresAreLeftAlone() {
        assertTrue(ChronicleJvm.missingFlags(new IOException("disk full", new IllegalStateException()),
                ChronicleJvm.chronicleModule()).isEmpty());
    }

    /** The child: opens a store and prints the failure's message. */
    public static final class OpenWithoutFlags {
        public static void main(String[] args) {
            try (ChronicleLogStore<Long> store = ChronicleLogStore.open(Path.of(args[0]), GroupId.fromHex("ab".repeat(32)),
                    Codecs.int64())) {
                System.out.println("opened: the flags were not needed after all " + List.of(store));
            } catch (StorageException e) {
                System.out.println("StorageException: " + e.getMessage());
            }
        }
    }
}
