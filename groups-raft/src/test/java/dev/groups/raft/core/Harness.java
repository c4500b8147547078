package dev.groups.raft.core;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.Digest;
import dev.groups.id.GroupId;
import dev.groups.id.NetworkId;
import dev.groups.id.PeerId;
import dev.groups.id.UniqueId;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import dev.groups.machine.ApplyContext;
import dev.groups.machine.Codec;
import dev.groups.machine.Codecs;
import dev.groups.machine.StateMachine;
import dev.groups.machine.Unit;
import dev.groups.storage.InMemoryLogStore;
import dev.groups.sync.LogReplaySync;
import dev.groups.sync.StateSync;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Builds cores for unit tests: a counter machine over an in-memory log, driven by hand. */
final class Harness {
    private Harness() {}

    static PeerId peer(int i) {
        return PeerId.fromBytes(Digest.fromLong(i + 1).toBytes());
    }

    /** Adds every command to a running total; the query returns the total. */
    static final class Counter implements StateMachine<Long, Unit, Long> {
        long total;
        final List<Long> applied = new ArrayList<>();
        int resets;

        @Override
        public UniqueId signature() {
            return UniqueId.of("test.counter");
        }

        @Override
        public void apply(Long command, ApplyContext ctx) {
            total += command;
            applied.add(command);
        }

        @Override
        public Long query(Unit query) {
            return total;
        }

        @Override
        public void reset() {
            total = 0;
            applied.clear();
            resets++;
        }

        @Override
        public StateSync<Long, ?> stateSync() {
            return new LogReplaySync<>();
        }

        @Override
        public Codec<Long> commandCodec() {
            return Codecs.int64();
        }

        @Override
        public Codec<Unit> queryCodec() {
            return Codecs.unit();
        }

        @Override
        public Codec<Long> resultCodec() {
            return Codecs.int64();
        }
    }

    /** One core with its log and machine. */
    static final class Member {
        final RaftNode<Long, Unit, Long> raft;
        final InMemoryLogStore<LogPayload<Long>> log;
        final Counter machine;

        Member(RaftNode<Long, Unit, Long> raft, InMemoryLogStore<LogPayload<Long>> log, Counter machine) {
            this.raft = raft;
            this.log = log;
            this.machine = machine;
        }

        /** Flushes as the runtime would and returns everything the core wants sent. */
        List<Outgoing<Long, Unit, Long>> flushAndDrain(long now) {
            if (raft.needsFlush()) {
                log.flush();
                raft.flushed(now);
            }
            return raft.drainMessages();
        }
    }

    static ConsensusConfig dynamic() {
        return ConsensusConfig.defaults();
    }

    static ConsensusConfig strict(int n) {
        return strictBuilder(n).build();
    }

    /** Strict mode whose founding voters are members 0 .. n-1 ({@code peer(i)}). */
    static ConsensusConfig.Builder strictBuilder(int n) {
        List<PeerId> voters = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            voters.add(peer(i));
        }
        return ConsensusConfig.builder().voters(voters);
    }

    static Member member(int i, ConsensusConfig config) {
        return member(i, config, new InMemoryLogStore<>());
    }

    static Member member(int i, ConsensusConfig config, InMemoryLogStore<LogPayload<Long>> log) {
        Counter machine = new Counter();
        RaftNode<Long, Unit, Long> raft = new RaftNode<>(new RaftSetup<>(peer(i), new GroupId(Digest.of("g")),
                NetworkId.of("n"), config, machine, log, new SplittableRandom(i + 1)));
        raft.start(0);
        return new Member(raft, log, machine);
    }

    /**
     * Time passes to {@code t} ({@link RaftNode#tick}); a member whose election timer fires there asks for
     * pre-votes first (Raft dissertation §9.6): every bonded peer grants, so it stands for real, as a
     * tick alone did before pre-votes. Tests of elections proper start from the candidacy.
     */
    static void stand(RaftNode<Long, Unit, Long> raft, long t) {
        raft.tick(t);
        Term proposed = raft.term().next();
        for (PeerId p : List.copyOf(raft.bonds())) {
            if (!raft.isPreCandidate()) {
                break;
            }
            raft.receive(p, new RaftMessage.PreVoteResponse<>(raft.term(), proposed, Vote.GRANTED), t);
        }
    }

    @SuppressWarnings("unchecked")
    static <M extends RaftMessage<Long, Unit, Long>> List<M> of(List<Outgoing<Long, Unit, Long>> out, Class<?> type) {
        List<M> list = new ArrayList<>();
        for (Outgoing<Long, Unit, Long> o : out) {
            if (type.isInstance(o.message())) {
                list.add((M) o.message());
            }
        }
        return list;
    }
}
