package dev.groups.node.internal.cli;

import dev.groups.node.internal.AdminClient;
import dev.groups.node.internal.Json;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code groups query}: one read through a running node, with the log index it was read at. */
@Command(name = "query", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Runs one query in a group through the node in DIR and prints its result and the log index "
                + "it was read at.", "Example: groups query --data n3 shop 'get pears' --strong"})
final class QueryCommand implements Callable<Integer> {
    private final PrintStream out;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "the node's data directory")
    Path data;

    @Parameters(index = "0", paramLabel = "GROUP", description = "the group's local name (as in --group NAME:…)")
    String group;

    @Parameters(index = "1", paramLabel = "QUERY", description = "a query in the machine's text form")
    String query;

    @Option(names = "--strong", description = "linearizable: confirmed with the leader (default: weak, this node's state)")
    boolean strong;

    @Option(names = "--json", description = "{\"result\": …, \"index\": …} instead of text")
    boolean json;

    QueryCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        AdminClient.QueryAnswer a = new AdminClient(data).query(group, query, strong);
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("result", a.result());
            m.put("index", a.index());
            out.println(Json.write(m));
        } else {
            out.println(a.result() + " (at index " + a.index() + ")");
        }
        return 0;
    }
}
