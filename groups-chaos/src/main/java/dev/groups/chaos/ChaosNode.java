package dev.groups.chaos;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.GroupId;
import dev.groups.id.GroupKey;
import dev.groups.id.PeerId;
import dev.groups.id.NodeIdentity;
import dev.groups.log.LogPayload;
import dev.groups.machine.Consistency;
import dev.groups.raft.Group;
import dev.groups.raft.Network;
import dev.groups.storage.chronicle.ChronicleLogStore;
import dev.groups.testkit.kv.KvCommand;
import dev.groups.testkit.kv.KvQuery;
import dev.groups.testkit.kv.KvResult;
import dev.groups.testkit.kv.KvStateMachine;
import dev.groups.transport.Endpoint;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One node of a chaos run, in a process of its own: QUIC on 127.0.0.1, a strict-mode group of
 * {@code voters} with a key-value machine and a Chronicle log in {@code DIR/log}, so kill -9 loses
 * nothing acknowledged. Clients speak to it in lines on stdin; every answer names the request:
 *
 * <pre>
 * put ID KEY VALUE   ->  ok ID            | err ID reason
 * get ID KEY         ->  val ID VALUE     | absent ID | err ID reason
 * </pre>
 *
 * <p>Arguments: {@code DIR PORT SECRET VOTER_ID,VOTER_ID,... [PEER_HOST:PORT ...]} (the founding voters' peer ids in hex). The identity lives in
 * {@code DIR}, so a restarted node is the same peer with the same log.
 */
public final class ChaosNode {
    /** Timings for a quick chaos run: failures are noticed in about a second. */
    static final ConsensusConfig.Builder TIMINGS = ConsensusConfig.builder()
            .heartbeatInterval(Duration.ofMillis(100)).heartbeatJitter(Duration.ofMillis(30)).maxMissedHeartbeats(10)
            .electionTimeout(Duration.ofMillis(800)).electionTimeoutJitter(Duration.ofMillis(400))
            .bootstrapDelay(Duration.ofMillis(300)).forwardTimeout(Duration.ofSeconds(3)).queryTimeout(Duration.ofSeconds(3));

    /**
     * Strong reads, except in the harness's self-test ({@code -Dchaos.weakReads=true}): local reads
     * that may be stale, which the linearizability check must catch.
     */
    private static final Consistency READS = Boolean.getBoolean("chaos.weakReads") ? Consistency.WEAK : Consistency.STRONG;

    private ChaosNode() {}

    /** The node's identity in {@code dir} ({@code identity.pk8}), created on first use. */
    static NodeIdentity identity(Path dir) throws java.io.IOException {
        Files.createDirectories(dir);
        Path keyFile = dir.resolve("identity.pk8");
        if (Files.exists(keyFile)) {
            return NodeIdentity.fromPkcs8(Files.readAllBytes(keyFile));
        }
        NodeIdentity identity = NodeIdentity.generate();
        Files.write(keyFile, identity.privateKeyPkcs8());
        return identity;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        NodeIdentity identity = identity(dir);
        GroupKey key = GroupKey.fromSecret(args[2]);
        List<PeerId> voters = new java.util.ArrayList<>();
        for (String hex : args[3].split(",")) {
            voters.add(PeerId.fromHex(hex));
        }
        ConsensusConfig config = TIMINGS.voters(voters).build();
        KvStateMachine machine = new KvStateMachine();
        GroupId groupId = GroupId.derive(key, config.digest(), machine.signature(), machine.stateSync().signature(), List.of());
        ChronicleLogStore<LogPayload<KvCommand>> log = ChronicleLogStore.open(dir.resolve("log"), groupId,
                LogPayload.codec(machine.commandCodec()));

        Network.Builder builder = Network.builder().identity(identity).transportName("quic")
                .listen(new Endpoint("127.0.0.1", Integer.parseInt(args[1])));
        for (int i = 4; i < args.length; i++) {
            builder.bootstrap(Endpoint.parse(args[i]));
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (Network network = builder.start()) {
            Group<KvCommand, KvQuery, KvResult> group = network.groups().withKey(key).withConsensusConfig(config)
                    .withStateMachine(machine).withLogStorage(log).join();
            say(out, "ready " + identity.peerId());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] w = line.trim().split(" ");
                switch (w[0]) {
                    case "put" -> group.execute(new KvCommand.Put(w[2], Long.parseLong(w[3])))
                            .orTimeout(10, TimeUnit.SECONDS)
                            .whenComplete((index, error) -> say(out, error == null ? "ok " + w[1] : "err " + w[1] + " " + reason(error)));
                    case "get" -> group.query(new KvQuery(w[2]), READS)
                            .orTimeout(10, TimeUnit.SECONDS)
                            .whenComplete((result, error) -> {
                                if (error != null) {
                                    say(out, "err " + w[1] + " " + reason(error));
                                } else if (result.result() instanceof KvResult.Value v) {
                                    say(out, "val " + w[1] + " " + v.value());
                                } else {
                                    say(out, "absent " + w[1]);
                                }
                            });
                    case "quit" -> {
                        return;
                    }
                    default -> say(out, "err - unknown command " + w[0]);
                }
            }
        }
    }

    private static String reason(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        return cause.getClass().getSimpleName();
    }

    private static synchronized void say(PrintStream out, String line) {
        out.println(line);
    }
}
