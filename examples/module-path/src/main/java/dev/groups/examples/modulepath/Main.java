package dev.groups.examples.modulepath;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.GroupKey;
import dev.groups.machine.Unit;
import dev.groups.raft.Group;
import dev.groups.raft.Network;
import dev.groups.raft.NoOp;
import dev.groups.transport.Endpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One node over QUIC on 127.0.0.1 with one group whose log is Chronicle's, in the directory given as
 * the only argument: it elects itself, commits an entry and prints the index and the layout it ran in,
 * e.g. {@code committed 2 over QUIC; module dev.groups.raft, the Chronicle log in the unnamed module}.
 * Without a transport name the network transport is QUIC: the in-process one is never the default.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: Main DATA_DIR");
            System.exit(2);
        }
        ConsensusConfig oneNode = ConsensusConfig.builder().bootstrapDelay(Duration.ZERO).build();
        try (Network network = Network.builder().listen(new Endpoint("127.0.0.1", 0)).start();
             Group<Unit, Unit, Unit> group = network.groups().withKey(GroupKey.fromSecret("module path example"))
                     .withConsensusConfig(oneNode).withStateMachine(new NoOp())
                     .withLogStorage("chronicle", Path.of(args[0])).join()) {
            group.when().leaderElected().get(60, TimeUnit.SECONDS);
            long committed = group.execute(Unit.INSTANCE).get(60, TimeUnit.SECONDS).value();
            // By name: this module does not read the storage module (it may even be on the class path).
            Module log = Class.forName("dev.groups.storage.chronicle.ChronicleStorageProvider").getModule();
            System.out.println("committed " + committed + " over QUIC; " + Network.class.getModule()
                    + ", the Chronicle log in " + (log.isNamed() ? log : "the unnamed module"));
        }
    }
}
