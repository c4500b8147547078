package dev.groups.examples.modulepath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link Main} with the two {@code java} command lines of the README's "The module path" section,
 * as they are written there: everything on the module path, and the hybrid layout with Chronicle on
 * the class path. Only the name of Netty's native QUIC module is adapted to this machine's platform.
 */
class ModulePathTest {
    /** The module of Netty's native library named in the README (the one for linux-x86_64). */
    private static final String README_NATIVE_MODULE = "io.netty.codec.quic.linux.x86_64";
    /** What the README puts on the module path in the hybrid layout; everything else goes to lib/. */
    private static final List<String> HYBRID_MODULE_PATH = List.of("module-path-example", "groups-api", "groups-raft",
            "groups-transport-quic", "netty-", "bcprov-", "bcpkix-", "bcutil-");

    private static List<List<String>> commands;
    private static List<Path> jars;
    private static String nativeModule;

    @TempDir
    Path dir;

    @BeforeAll
    static void readTheReadme() throws IOException {
        commands = javaCommands(Files.readString(Path.of("../../README.md")));
        assertEquals(2, commands.size(), "the README's module path section has two java commands: " + commands);
        jars = new ArrayList<>();
        try (Stream<Path> mods = Files.list(Path.of(System.getProperty("modulepath.mods")))) {
            mods.filter(p -> p.toString().endsWith(".jar")).forEach(jars::add);
        }
        jars.add(Path.of(System.getProperty("modulepath.example.jar")));
        nativeModule = ModuleFinder.of(jars.toArray(Path[]::new)).findAll().stream()
                .map(ModuleReference::descriptor).map(d -> d.name())
                .filter(n -> n.startsWith("io.netty.codec.quic.")).findFirst()
                .orElseThrow(() -> new AssertionError("no native QUIC module among " + jars));
    }

    @Test
    void everythingOnTheModulePath() throws Exception {
        copy(jars, dir.resolve("mods"));
        String out = run(commands.get(0));
        assertTrue(out.contains("over QUIC; module dev.groups.raft, the Chronicle log in module dev.groups.storage.chronicle"), out);
    }

    @Test
    void hybridWithChronicleOnTheClassPath() throws Exception {
        List<Path> modules = new ArrayList<>();
        List<Path> classPath = new ArrayList<>();
        for (Path jar : jars) {
            String name = jar.getFileName().toString();
            (HYBRID_MODULE_PATH.stream().anyMatch(name::startsWith) ? modules : classPath).add(jar);
        }
        copy(modules, dir.resolve("mods"));
        copy(classPath, dir.resolve("lib"));
        String out = run(commands.get(1));
        assertTrue(out.contains("over QUIC; module dev.groups.raft, the Chronicle log in the unnamed module"), out);
    }

    private String run(List<String> readmeCommand) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : readmeCommand.subList(1, readmeCommand.size())) {
            command.add(arg.replace(README_NATIVE_MODULE, nativeModule));
        }
        Path output = dir.resolve("output.txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        // a bound for a hung child, not a measure: the program normally ends within seconds
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("still running after 3 minutes: " + command + "\n" + Files.readString(output));
        }
        String out = Files.readString(output);
        assertEquals(0, p.exitValue(), command + "\n" + out);
        return out;
    }

    private static void copy(List<Path> from, Path to) throws IOException {
        Files.createDirectories(to);
        for (Path jar : from) {
            Files.copy(jar, to.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * The {@code java} commands of the first shell block after the heading "### The module path": lines
     * continued with a backslash joined, comments dropped, single quotes removed as a shell would.
     */
    static List<List<String>> javaCommands(String readme) {
        int section = readme.indexOf("\n### The module path\n");
        assertTrue(section >= 0, "README has a section \"### The module path\"");
        int start = readme.indexOf("```sh\n", section);
        int end = readme.indexOf("\n```", start + 6);
        List<List<String>> commands = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String raw : readme.substring(start + 6, end).split("\n")) {
            String s = raw.strip();
            if (line.length() == 0 && (s.isEmpty() || s.startsWith("#"))) {
                continue;
            }
            boolean continued = s.endsWith("\\");
            line.append(continued ? s.substring(0, s.length() - 1) : s).append(' ');
            if (!continued) {
                List<String> words = new ArrayList<>();
                for (String w : line.toString().trim().split("\\s+")) {
                    words.add(w.replace("'", ""));
                }
                if (words.get(0).equals("java")) {
                    commands.add(words);
                }
                line.setLength(0);
            }
        }
        return commands;
    }
}
