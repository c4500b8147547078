package dev.groups.node.internal.cli;

import dev.groups.node.internal.KeyFiles;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code groups keygen FILE}: a new group key. */
@Command(name = "keygen", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Writes a new group key to FILE (mode 600); never replaces an existing one.",
                "Every member of the group needs a copy: keep it secret."})
final class KeygenCommand implements Callable<Integer> {
    private final PrintStream out;

    @Parameters(paramLabel = "FILE", description = "where to write the key")
    Path file;

    KeygenCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        KeyFiles.writeNewGroupKey(file);
        out.println("wrote a new group key to " + file + " (mode 600); copy it to every member, keep it secret");
        return 0;
    }
}
