package dev.groups.node.internal.cli;

import dev.groups.node.ConfigException;
import dev.groups.node.internal.KeyFiles;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code groups keygen FILE}: a new group key; {@code groups keygen --data DIR}: a node's identity and peer id. */
@Command(name = "keygen", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Writes a new group key to FILE, or prints the peer id of the node in DIR (--data DIR).",
                "A group key (mode 600) never replaces an existing one. Every member of the group needs a copy: keep it secret.",
                "--data DIR creates the node identity in DIR (DIR/node.key, mode 600) unless it has one, and prints its "
                        + "peer id, the 64 hex digits --voters and 'groups voters add' take.",
                "Example: groups node ... --voters $(groups keygen --data n1),$(groups keygen --data n2),"
                        + "$(groups keygen --data n3)"})
final class KeygenCommand implements Callable<Integer> {
    private final PrintStream out;

    @Parameters(paramLabel = "FILE", arity = "0..1", description = "where to write the group key")
    Path file;

    @Option(names = "--data", paramLabel = "DIR",
            description = "a node's data directory: print its peer id (creating its identity)")
    Path data;

    KeygenCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        if ((file == null) == (data == null)) {
            throw new ConfigException(file == null
                    ? "'keygen' needs FILE or --data DIR (usage: groups keygen FILE, or groups keygen --data DIR "
                            + "for a node's peer id)"
                    : "'keygen' takes FILE or --data DIR, not both");
        }
        if (data != null) {
            // only the id: scripts build --voters lists from it; the private key is never printed
            out.println(KeyFiles.loadOrCreateIdentity(data).peerId());
            return 0;
        }
        KeyFiles.writeNewGroupKey(file);
        out.println("wrote a new group key to " + file + " (mode 600); copy it to every member, keep it secret");
        return 0;
    }
}
