package dev.groups.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.raft.Network;
import dev.groups.transport.Endpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: what it says and how it exits, above all when the configuration is wrong. */
class MainTest {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Exit 2, and exactly one line on stderr that says what is wrong: no stack trace. */
    private static void assertConfigError(Result r, String expected) {
        assertEquals(Main.CONFIG_ERROR, r.code(), r.err());
        List<String> lines = r.err().lines().filter(l -> !l.startsWith("groups: warning:")).toList();
        assertEquals(1, lines.size(), "one line: " + r.err());
        assertTrue(lines.get(0).startsWith("groups: "), lines.get(0));
        assertTrue(lines.get(0).contains(expected), "expected '" + expected + "' in: " + lines.get(0));
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    }

    private Path key() {
        Path key = dir.resolve("g.key");
        if (!Files.exists(key)) {
            assertEquals(0, run("keygen", key.toString()).code());
        }
        return key;
    }

    private String[] node(String... extra) {
        List<String> args = new ArrayList<>(List.of("node", "--data", dir.resolve("data").toString(), "--transport", "inprocess"));
        args.addAll(List.of(extra));
        return args.toArray(new String[0]);
    }

    @Test
    void commandsAndOptionsThatDoNotExist() {
        assertConfigError(run(), "no command");
        assertConfigError(run("nodes"), "unknown command 'nodes'");
        assertConfigError(run("node", "--data", "d", "--listn", "1.2.3.4:5"), "unknown option --listn");
        assertConfigError(run("node", "--listen", "127.0.0.1:7400"), "needs --data");
        assertConfigError(run("node", "--data", "d", "--listen"), "--listen needs a value");
        assertEquals(0, run("help").code());
        assertConfigError(run("nod"), "did you mean node?");
        assertConfigError(run("node", "--data", "d", "--listen", "1.2.3.4:5", "stray"), "unexpected argument 'stray' for 'node'");
        assertConfigError(run("node", "--data", "d", "--listen", "1.2.3.4:5", "--storage", "memory", "--storage", "chronicle"),
                "--storage is given more than once; give it once");
        assertConfigError(run("node", "--data", "d", "--bootstrap", "--listen", "1.2.3.4:5"), "--bootstrap needs a value");
        assertConfigError(run("node"), "'node' needs --data DIR and --listen HOST:PORT");
        assertConfigError(run("exec", "--data", "d"), "'exec' needs GROUP (usage: groups exec --data DIR GROUP COMMAND…)");
        assertConfigError(run("query", "--data", "d", "g"), "usage: groups query --data DIR GROUP QUERY");
        assertConfigError(run("node", "--data", "d", "--listen", "1.2.3.4:5", "--admin-port", "http"),
                "--admin-port must be a whole number in 0..65535, got 'http'");
        assertConfigError(run("demo", "--commands", "0"), "--commands must be a whole number in 1..1000000, got '0'");
    }

    /** Every command answers --help and --version on stdout with status 0, and help lists every option. */
    @Test
    void helpAndVersionForEveryCommand() {
        Result top = run("--help");
        assertEquals(0, top.code(), top.err());
        for (String command : List.of("node", "status", "keygen", "exec", "query", "voters", "demo", "generate-completion")) {
            assertTrue(top.out().contains("  " + command + " "), "listed: " + command + "\n" + top.out());
            Result help = run(command, "--help");
            assertEquals(0, help.code(), help.err());
            assertTrue(help.out().startsWith("Usage: groups " + command), help.out());
            assertEquals("", help.err());
            Result version = run(command, "--version");
            assertEquals(0, version.code(), version.err());
            assertTrue(version.out().startsWith("groups 0."), version.out());
        }
        for (String command : List.of("list", "add", "remove")) {
            Result help = run("voters", command, "--help");
            assertEquals(0, help.code(), help.err());
            assertTrue(help.out().startsWith("Usage: groups voters " + command), help.out());
            assertTrue(help.out().contains("--data=DIR") && help.out().contains("--group=NAME"), help.out());
        }
        assertTrue(run("voters", "--help").out().contains("Usage: groups voters [-hV] (list | add | remove)"),
                run("voters", "--help").out());
        String node = run("node", "--help").out();
        for (String option : List.of("--data=DIR", "--listen=HOST:PORT", "--bootstrap=HOST:PORT", "--group=NAME:KEYFILE:MACHINE",
                "--storage=chronicle|memory", "--advertise", "--network", "--voters=ID,ID,...", "--jwt=SETTING=VALUE",
                "--jwt-ticket", "--admin-port")) {
            assertTrue(node.contains(option), option + " in:\n" + node);
        }
        assertFalse(node.contains("--transport"), "the test-only transport option stays hidden");
        assertEquals(run("node", "--help").out(), run("help", "node").out());
        Result version = run("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().matches("(?s)groups \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\RJava 17.*"), version.out());
    }

    /**
     * The completion script is generated from the commands themselves; bash sources it and completes
     * commands, options and option values with it (the way a shell does on Tab).
     */
    @Test
    void generatesABashCompletionScriptThatCompletes() throws Exception {
        Result r = run("generate-completion");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("complete -F _complete_groups"), r.out());
        Path script = dir.resolve("groups.bash");
        Files.writeString(script, r.out());
        Path bash = Path.of("/bin/bash");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(bash), "no bash on this machine");
        assertEquals(List.of("node"), complete(bash, script, "groups", "no"));
        assertEquals(List.of("--listen"), complete(bash, script, "groups", "node", "--lis"));
        assertEquals(List.of("chronicle", "memory"), complete(bash, script, "groups", "node", "--storage", ""));
        assertTrue(complete(bash, script, "groups", "query", "--").containsAll(List.of("--data", "--strong", "--json", "--help")));
    }

    /** What bash offers for the last word of {@code words}, with the script sourced. */
    private static List<String> complete(Path bash, Path script, String... words) throws Exception {
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append(" '").append(w).append("'");
        }
        String program = "source '" + script + "'\n"
                + "COMP_WORDS=(" + array + " )\n"
                + "COMP_CWORD=" + (words.length - 1) + "\n"
                + "COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE}\n"
                + "_complete_groups groups \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\" 2>/dev/null\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Process p = new ProcessBuilder(bash.toString(), "-c", program).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).sorted().toList();
    }

    @Test
    void aBadAddress() {
        assertConfigError(run(node("--listen", "localhost")), "--listen: bad address 'localhost': expected host:port");
        assertConfigError(run(node("--listen", "127.0.0.1:7400", "--bootstrap", "10.0.0.1:port")), "port 'port' is not a number");
        assertConfigError(run(node("--listen", "127.0.0.1:99999")), "port must be in 0..65535");
    }

    @Test
    void aMissingKeyFile() {
        Path missing = dir.resolve("nope.key");
        assertConfigError(run(node("--listen", "node-cfg:1", "--group", "g:" + missing + ":counter")),
                "key file " + missing + " does not exist (create one with: groups keygen " + missing + ")");
        assertConfigError(run(node("--listen", "node-cfg:1", "--group", "g:counter")), "expected NAME:KEYFILE:MACHINE");
    }

    @Test
    void anUnknownStateMachine() {
        assertConfigError(run(node("--listen", "node-cfg:2", "--group", "g:" + key() + ":kv-store")),
                "group g: unknown state machine 'kv-store'; installed: counter, kvmap");
    }

    @Test
    void aPortInUse() {
        try (Network taken = Network.builder().transportName("inprocess").listen(new Endpoint("node-cfg", 3)).start()) {
            assertEquals(new Endpoint("node-cfg", 3), taken.endpoint());
            assertConfigError(run(node("--listen", "node-cfg:3", "--group", "g:" + key() + ":counter")),
                    "cannot listen on node-cfg:3: endpoint node-cfg:3 is already taken");
        }
        assertFalse(Files.exists(dir.resolve("data").resolve("admin")), "nothing left running");
    }

    @Test
    void anUnknownTransportNamesTheModuleToAdd() {
        assertConfigError(run("node", "--data", dir.toString(), "--listen", "127.0.0.1:1", "--transport", "carrier-pigeon"),
                "unknown transport 'carrier-pigeon'; installed:");
    }

    @Test
    void badJwtSettings() {
        assertConfigError(run(node("--listen", "node-cfg:4", "--jwt", "hs256=zz")), "--jwt: jwt setting hs256:");
        assertConfigError(run(node("--listen", "node-cfg:4", "--jwt", "issuer")), "bad --jwt 'issuer': expected SETTING=VALUE");
        assertConfigError(run(node("--listen", "node-cfg:4", "--jwt-ticket", dir.resolve("none.jwt").toString())),
                "--jwt-ticket: cannot read");
    }

    @Test
    void aJwtSecretFileReadableByOthersIsRefused() throws Exception {
        java.nio.file.Path secret = dir.resolve("jwt.secret");
        java.nio.file.Files.writeString(secret, "00".repeat(32) + "\n");
        java.nio.file.Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertConfigError(run(node("--listen", "node-cfg:4", "--jwt-secret-file", secret.toString())),
                "is accessible to others");
        assertConfigError(run(node("--listen", "node-cfg:4", "--jwt-secret-file", secret.toString(), "--jwt",
                "hs256=" + "00".repeat(32))), "--jwt-secret-file and --jwt hs256 both give the HS256 secret");
    }

    @Test
    void statusWithoutARunningNode() {
        assertConfigError(run("status", "--data", dir.toString()), "no node is running in " + dir);
        assertConfigError(run("status", "--data", dir.resolve("absent").toString()), "no data directory");
        assertConfigError(run("status"), "needs --data");
    }

    @Test
    void keygenWritesAPrivateKeyFileAndNeverPrintsTheKey() throws IOException {
        Path file = dir.resolve("keys").resolve("group.key");
        Result r = run("keygen", file.toString());
        assertEquals(0, r.code(), r.err());
        String secret = Files.readString(file).strip();
        assertTrue(secret.matches("[0-9a-f]{64}"), "64 hex characters");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertFalse(r.out().contains(secret) || r.err().contains(secret), "the key is never printed");
        assertConfigError(run("keygen", file.toString()), "already exists; not replacing a key");
        assertEquals(secret, Files.readString(file).strip(), "the old key is untouched");
        assertConfigError(run("keygen"), "usage: groups keygen FILE");
        assertConfigError(run("keygen", "a", "b"), "unexpected argument 'b' for 'keygen'");
    }

    /** {@code keygen --data DIR}: the node's identity, created once (mode 600), and only its peer id printed. */
    @Test
    void keygenWithADataDirectoryPrintsTheNodesPeerId() throws IOException {
        Path data = dir.resolve("n1");
        Result r = run("keygen", "--data", data.toString());
        assertEquals(0, r.code(), r.err());
        String id = r.out().strip();
        assertTrue(id.matches("[0-9a-f]{64}"), r.out());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("node.key"))));
        String key = Files.readString(data.resolve("node.key")).strip();
        assertFalse(r.out().contains(key), "the private key is never printed");
        assertEquals(id, run("keygen", "--data", data.toString()).out().strip(), "never replaced");
        assertEquals(key, Files.readString(data.resolve("node.key")).strip());
        assertConfigError(run("keygen", "--data", data.toString(), dir.resolve("g.key").toString()), "FILE or --data DIR, not both");
        assertConfigError(run("node", "--data", "d", "--listen", "127.0.0.1:1", "--voters", id + "," + id.substring(8)),
                "bad --voters entry '" + id.substring(8) + "': a peer id is 64 hex digits (groups keygen --data DIR prints a node's)");
    }
}
