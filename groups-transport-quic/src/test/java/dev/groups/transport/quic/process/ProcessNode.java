package dev.groups.transport.quic.process;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.GroupKey;
import dev.groups.id.NodeIdentity;
import dev.groups.log.Index;
import dev.groups.machine.Consistency;
import dev.groups.machine.Unit;
import dev.groups.raft.Group;
import dev.groups.raft.Network;
import dev.groups.testkit.scenarios.Counter;
import dev.groups.transport.Endpoint;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A node in a process of its own, for the multi-process tests: QUIC on 127.0.0.1, a counter group,
 * driven by lines on stdin ({@code execute N}, {@code status}, {@code quit}) and answering on stdout.
 *
 * <p>Arguments: {@code DIR PORT SECRET [BOOTSTRAP_HOST:PORT ...]}; the identity lives in DIR, so a
 * restarted node is the same peer.
 */
public final class ProcessNode {
    static final ConsensusConfig CONFIG = ConsensusConfig.builder()
            .heartbeatInterval(Duration.ofMillis(100)).heartbeatJitter(Duration.ofMillis(30)).maxMissedHeartbeats(10)
            .electionTimeout(Duration.ofMillis(600)).electionTimeoutJitter(Duration.ofMillis(300))
            .bootstrapDelay(Duration.ofMillis(300)).build();

    private ProcessNode() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        Path keyFile = dir.resolve("identity.pk8");
        NodeIdentity identity;
        if (Files.exists(keyFile)) {
            identity = NodeIdentity.fromPkcs8(Files.readAllBytes(keyFile));
        } else {
            identity = NodeIdentity.generate();
            Files.write(keyFile, identity.privateKeyPkcs8());
        }
        Network.Builder builder = Network.builder().identity(identity).transportName("quic")
                .listen(new Endpoint("127.0.0.1", Integer.parseInt(args[1])));
        for (int i = 3; i < args.length; i++) {
            builder.bootstrap(Endpoint.parse(args[i]));
        }
        try (Network network = builder.start()) {
            Group<Counter.Op, Unit, Long> group = network.groups().withKey(GroupKey.fromSecret(args[2]))
                    .withConsensusConfig(CONFIG).withStateMachine(new Counter()).join();
            System.out.println("ready " + identity.peerId().toString());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] words = line.trim().split("\\s+");
                try {
                    switch (words[0]) {
                        case "execute" -> {
                            execute(group, Integer.parseInt(words[1]));
                            System.out.println("executed " + words[1]);
                        }
                        case "status" -> System.out.println("status leader=" + group.leader().map(Object::toString).orElse("none")
                                + " committed=" + group.committed().value()
                                + " value=" + group.query(Unit.INSTANCE, Consistency.WEAK).get(10, TimeUnit.SECONDS).result());
                        case "quit" -> {
                            return;
                        }
                        default -> System.out.println("error unknown command " + words[0]);
                    }
                } catch (Exception e) {
                    System.out.println("error " + e);
                }
            }
        }
    }

    private static void execute(Group<Counter.Op, Unit, Long> group, int n) throws Exception {
        Semaphore window = new Semaphore(32);
        List<CompletableFuture<Index>> acks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            window.acquire();
            CompletableFuture<Index> ack = group.execute(Counter.Op.inc(1));
            ack.whenComplete((index, error) -> window.release());
            acks.add(ack);
        }
        CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
    }
}
