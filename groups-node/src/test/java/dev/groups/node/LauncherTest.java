package dev.groups.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/groups} from an unpacked release: the script and a jar in {@code lib/}, far from any
 * checkout, so nothing can come from {@code pom.xml}. The jar here is a stand-in for the shaded one
 * (which is built after the tests): the same manifest, with {@code Class-Path} pointing at this
 * build's classes.
 */
class LauncherTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private Path release() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("groups-release/bin"));
        Path lib = Files.createDirectories(dir.resolve("groups-release/lib"));
        Path script = bin.resolve("groups");
        Files.copy(Path.of("..", "bin", "groups"), script);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        a.putValue("Add-Exports", "java.base/jdk.internal.ref java.base/sun.nio.ch");
        a.putValue("Add-Opens", "java.base/java.lang.reflect");
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            classPath.add(Path.of(entry).toAbsolutePath().toUri().toString()); // directories end in '/'
        }
        a.put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
        try (OutputStream out = Files.newOutputStream(lib.resolve("groups-node.jar"));
             JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.flush();
        }
        return script;
    }

    private static Run run(Path launcher, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(launcher.getParent().toFile());
        Map<String, String> env = pb.environment();
        env.remove("GROUPS_JAR");
        env.remove("GROUPS_JAVA_OPTS");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out, err);
    }

    @Test
    void theLauncherRunsTheJarBesideItWithoutACheckout() throws Exception {
        Path script = release();
        Run version = run(script, "--version");
        assertEquals(0, version.code(), version.err());
        assertTrue(version.out().startsWith("groups 0."), version.out());

        Run help = run(script, "node", "--help");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().contains("--listen=HOST:PORT"), help.out());

        Run mistake = run(script, "node", "--data", dir.toString(), "--listen", "localhost");
        assertEquals(2, mistake.code());
        assertEquals("groups: --listen: bad address 'localhost': expected host:port", mistake.err().strip());

        // through a symlink, as from /usr/local/bin
        Path link = Files.createSymbolicLink(dir.resolve("groups-link"), script);
        Run linked = run(link, "--version");
        assertEquals(0, linked.code(), linked.err());
    }

    @Test
    void withoutAJarItSaysWhereItLookedAndExits2() throws Exception {
        Path script = release();
        Files.delete(script.getParent().getParent().resolve("lib/groups-node.jar"));
        Run r = run(script, "--version");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("groups: groups-node.jar not found"), r.err());
    }
}
