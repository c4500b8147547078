package dev.groups.node.internal.cli;

import dev.groups.node.demo.Demo;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code groups demo}: the narrated 3-node story. */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"A 3-node group on loopback over QUIC, narrated: leader, commits, failover, catch-up.",
                "Exit status 0 when the three nodes end identical."})
final class DemoCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;

    @Option(names = "--commands", paramLabel = "N", description = "how many commands to commit (default 2000)")
    String commands;

    @Option(names = "--in-process", description = "one JVM, the in-process transport")
    boolean inProcess;

    @Option(names = "--keep", description = "keep the data directories and node logs")
    boolean keep;

    DemoCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        return Demo.run(Cli.intValue("--commands", commands, 2000, 1, 1_000_000), inProcess, keep, out, err);
    }
}
