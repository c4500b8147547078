package dev.groups.node.internal.cli;

import dev.groups.node.internal.AdminClient;
import dev.groups.node.internal.Json;
import dev.groups.node.internal.StatusText;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code groups status}: what running nodes say about themselves. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Shows running nodes: groups, role, leader, term, committed index, bonds, commit rate.",
                "Exit status 1 when some of several nodes are down."})
final class StatusCommand implements Callable<Integer> {
    private final PrintStream out;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "a node's data directory (repeatable)")
    List<Path> dirs = new ArrayList<>();

    @Option(names = "--json", description = "the status documents as JSON (one object, or an array for several nodes)")
    boolean json;

    StatusCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        List<Object> all = new ArrayList<>();
        int down = 0;
        for (Path d : dirs) {
            try {
                Map<String, Object> s = new AdminClient(d).status();
                all.add(s);
                if (!json) {
                    out.print(StatusText.render(s));
                }
            } catch (AdminClient.NotRunning e) {
                if (dirs.size() == 1) {
                    throw e;
                }
                down++;
                if (!json) {
                    out.println(d + ": " + e.getMessage());
                }
            }
        }
        if (json) {
            out.println(Json.write(all.size() == 1 ? all.get(0) : all));
        }
        return down == 0 ? 0 : 1;
    }
}
