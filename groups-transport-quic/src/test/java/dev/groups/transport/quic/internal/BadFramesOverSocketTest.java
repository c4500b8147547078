package dev.groups.transport.quic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.GroupKey;
import dev.groups.id.NodeIdentity;
import dev.groups.machine.Consistency;
import dev.groups.machine.Unit;
import dev.groups.raft.Group;
import dev.groups.raft.Network;
import dev.groups.testkit.scenarios.Counter;
import dev.groups.transport.ChannelListener;
import dev.groups.transport.CloseReason;
import dev.groups.transport.Endpoint;
import dev.groups.transport.TransportConfig;
import dev.groups.transport.quic.QuicTransport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.quic.QuicStreamChannel;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Bad frames over a real QUIC socket at a live node: each one, on its own stream, closes only that
 * channel with the right code, while the node keeps serving its real bond (the group commits
 * throughout) and the attacker's connection itself stays up. {@code -Dquic.badframes} sets the count
 * (default 10,000).
 */
class BadFramesOverSocketTest {
    private static final ConsensusConfig FAST = ConsensusConfig.builder()
            .heartbeatInterval(Duration.ofMillis(100)).heartbeatJitter(Duration.ofMillis(30)).maxMissedHeartbeats(20)
            .electionTimeout(Duration.ofMillis(600)).electionTimeoutJitter(Duration.ofMillis(200))
            .bootstrapDelay(Duration.ofMillis(200)).build();
    private static final int MAX_FRAME = 64 * 1024;

    /** The four kinds of bad input, and the code the node must answer each with. */
    private enum Bad {
        TRUNCATED(CloseReason.PROTOCOL_VIOLATION),
        OVERSIZED_LENGTH(CloseReason.FRAME_TOO_LARGE),
        UNKNOWN_KIND(CloseReason.PROTOCOL_VIOLATION),
        GARBAGE_BODY(CloseReason.INVALID_HANDSHAKE);

        final CloseReason expected;

        Bad(CloseReason expected) {
            this.expected = expected;
        }
    }

    private static Network node(NodeIdentity id) {
        return Network.builder().identity(id).handshakeTimeout(Duration.ofSeconds(5))
                .transport(QuicTransport.create(new TransportConfig(id, new Endpoint("127.0.0.1", 0), MAX_FRAME,
                        TransportConfig.DEFAULT_IDLE_TIMEOUT, Map.of())))
                .start();
    }

    @Test
    void eachBadFrameClosesOnlyItsOwnChannelWithTheRightCode() throws Exception {
        int count = Integer.getInteger("quic.badframes", 10_000);
        GroupKey key = GroupKey.random();
        try (Network target = node(NodeIdentity.generate()); Network peer = node(NodeIdentity.generate())) {
            peer.syncWith(target.localId(), target.endpoint()).get(10, TimeUnit.SECONDS);
            Group<Counter.Op, Unit, Long> atTarget = target.groups().withKey(key).withConsensusConfig(FAST)
                    .withStateMachine(new Counter()).join();
            Group<Counter.Op, Unit, Long> atPeer = peer.groups().withKey(key).withConsensusConfig(FAST)
                    .withStateMachine(new Counter()).join();
            atTarget.when().leaderElected().get(20, TimeUnit.SECONDS);
            atPeer.when().leaderElected().get(20, TimeUnit.SECONDS);
            assertTrue(atTarget.bonds().contains(peer.localId()));

            NodeIdentity attackerId = NodeIdentity.generate();
            try (QuicTransport attacker = QuicTransport.create(new TransportConfig(attackerId, new Endpoint("127.0.0.1", 0),
                    MAX_FRAME, TransportConfig.DEFAULT_IDLE_TIMEOUT, Map.of()))) {
                attacker.start(ch -> ch.close(CloseReason.CANCELLED)).get(10, TimeUnit.SECONDS);
                SplittableRandom random = new SplittableRandom(FrameCodecFuzzTest.seed());
                Semaphore inFlight = new Semaphore(32);
                Map<Bad, Integer> seen = new EnumMap<>(Bad.class);
                AtomicReference<String> wrong = new AtomicReference<>();
                CompletableFuture<?>[] all = new CompletableFuture<?>[count];
                long committed = 0;
                for (int i = 0; i < count; i++) {
                    Bad bad = Bad.values()[i % Bad.values().length];
                    byte[] junk = new byte[1 + random.nextInt(200)];
                    random.nextBytes(junk);
                    inFlight.acquire();
                    CompletableFuture<CloseReason> closed = new CompletableFuture<>();
                    // allOf waits for this bookkeeping stage, not only for the close itself
                    all[i] = closed.handle((reason, error) -> {
                        inFlight.release();
                        synchronized (seen) {
                            seen.merge(bad, 1, Integer::sum);
                        }
                        if (error != null || reason != bad.expected) {
                            wrong.compareAndSet(null, bad + " was answered with " + (error != null ? error : reason)
                                    + ", expected " + bad.expected);
                        }
                        return null;
                    });
                    attacker.connect(target.localId(), target.endpoint()).whenComplete((channel, error) -> {
                        if (error != null) {
                            closed.completeExceptionally(error);
                            return;
                        }
                        channel.start(new ChannelListener() {
                            @Override
                            public void onFrame(byte[] frame) {
                            }

                            @Override
                            public void onClosed(CloseReason reason, boolean byRemote) {
                                closed.complete(reason);
                            }
                        });
                        write(((StreamChannel) channel).stream(), bad, junk);
                    });
                    if (i % 500 == 0) {
                        // the node keeps serving its real bond while this goes on
                        atPeer.execute(Counter.Op.inc(1)).get(20, TimeUnit.SECONDS);
                        committed++;
                    }
                }
                CompletableFuture.allOf(all).get(120, TimeUnit.SECONDS);
                assertEquals(null, wrong.get());
                assertEquals(count, seen.values().stream().mapToInt(Integer::intValue).sum());
                atTarget.execute(Counter.Op.inc(1)).get(20, TimeUnit.SECONDS);
                committed++;
                assertEquals(committed, atPeer.query(Unit.INSTANCE, Consistency.STRONG).get(20, TimeUnit.SECONDS).result());
                assertTrue(atTarget.bonds().contains(peer.localId()) && atPeer.bonds().contains(target.localId()),
                        "the real bond survived");
                // the attacker's one connection carried every bad stream and is still up
                assertTrue(attacker.connect(target.localId(), target.endpoint()).get(10, TimeUnit.SECONDS).isOpen());
            }
        }
    }

    /** Writes the bad input straight onto the stream, under the transport's framing. */
    private static void write(QuicStreamChannel stream, Bad bad, byte[] junk) {
        ByteBuf out = Unpooled.directBuffer();
        switch (bad) {
            case TRUNCATED -> out.writeInt(junk.length + 50).writeByte(WireFrame.DATA).writeBytes(junk);
            case OVERSIZED_LENGTH -> out.writeInt(MAX_FRAME + 2 + junk.length).writeByte(WireFrame.DATA).writeBytes(junk);
            case UNKNOWN_KIND -> out.writeInt(junk.length + 1).writeByte(7 + (junk[0] & 0x7f)).writeBytes(junk);
            // a DATA frame the transport accepts, whose body is no bond frame: the node's handshake refuses it
            case GARBAGE_BODY -> out.writeInt(junk.length + 2).writeByte(WireFrame.DATA).writeByte(0xEE).writeBytes(junk);
        }
        stream.writeAndFlush(out).addListener(f -> {
            if (bad == Bad.TRUNCATED) {
                stream.shutdownOutput(); // the stream ends inside the frame
            }
        });
    }
}
