package dev.groups.node.internal.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code groups} without a command: a configuration mistake; {@code --help} lists the commands. */
@Command(name = "groups", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Consensus groups: run a node, look at it, and talk to its groups.",
        synopsisSubcommandLabel = "COMMAND",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success",
                "1:the command ran and failed (a node that is down, a demo that diverged, a voter change the group could not make)",
                "2:a configuration mistake, said in one line (groups: …)"},
        footer = {"", "Per command: groups COMMAND --help. Shell completion: groups generate-completion (see the README)."})
final class GroupsCommand implements Callable<Integer> {
    private final PrintStream err;

    GroupsCommand(PrintStream err) {
        this.err = err;
    }

    @Override
    public Integer call() {
        err.println("groups: no command (try: groups --help)");
        return Cli.CONFIG_ERROR;
    }
}
