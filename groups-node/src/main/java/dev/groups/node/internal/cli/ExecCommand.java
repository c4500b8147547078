package dev.groups.node.internal.cli;

import dev.groups.node.internal.AdminClient;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code groups exec}: commands through a running node. */
@Command(name = "exec", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Runs commands in a group through the node in DIR, as one batch; prints the log indexes they "
                + "were applied at.", "Example: groups exec --data n1 shop 'put apples 3' 'put pears 5'"})
final class ExecCommand implements Callable<Integer> {
    private final PrintStream out;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "the node's data directory")
    Path data;

    @Parameters(index = "0", paramLabel = "GROUP", description = "the group's local name (as in --group NAME:…)")
    String group;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND", description = "commands in the machine's text form")
    List<String> commands = new ArrayList<>();

    ExecCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        Map<String, Object> r = new AdminClient(data).execute(group, commands);
        Object first = r.get("first");
        Object last = r.get("last");
        out.println("applied at " + (first.equals(last) ? first : first + ".." + last));
        return 0;
    }
}
