package dev.groups.raft.core;

import dev.groups.consensus.Role;
import static dev.groups.raft.core.Harness.member;
import static dev.groups.raft.core.Harness.peer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.groups.consensus.ConsensusConfig;
import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import dev.groups.machine.Unit;
import dev.groups.raft.core.Harness.Member;
import dev.groups.raft.core.RaftMessage.AppendEntries;
import dev.groups.raft.core.RaftMessage.AppendEntriesResponse;
import dev.groups.raft.core.RaftMessage.RequestVoteResponse;
import dev.groups.storage.InMemoryLogStore;
import dev.groups.id.Digest;
import dev.groups.id.GroupId;
import dev.groups.id.NetworkId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Shorthands for driving one core by hand in the unit tests written against surviving mutants: the
 * entries and messages a leader would send, a follower of P1, a leader with bonded followers. Every time
 * is an explicit argument; nothing reads a clock.
 */
final class Drive {
    static final PeerId P1 = peer(1);
    static final PeerId P2 = peer(2);
    static final PeerId P3 = peer(3);
    static final PeerId P4 = peer(4);

    private Drive() {}

    static LogEntry<LogPayload<Long>> start(long index, long term, PeerId leader) {
        return new LogEntry<>(Index.of(index), Term.of(term), new LogPayload.TermStart<>(leader));
    }

    static LogEntry<LogPayload<Long>> cmd(long index, long term, long value) {
        return new LogEntry<>(Index.of(index), Term.of(term), LogPayload.Command.untagged(value));
    }

    static LogEntry<LogPayload<Long>> tagged(long index, long term, long value, long session, long sequence) {
        return new LogEntry<>(Index.of(index), Term.of(term), new LogPayload.Command<>(value, session, sequence));
    }

    static AppendEntries<Long, Unit, Long> ae(long term, PeerId leader, Cursor prev, PeerId prevLeader,
                                              List<LogEntry<LogPayload<Long>>> entries, long commit) {
        return ae(term, leader, prev, prevLeader, entries, commit, 1);
    }

    static AppendEntries<Long, Unit, Long> ae(long term, PeerId leader, Cursor prev, PeerId prevLeader,
                                              List<LogEntry<LogPayload<Long>>> entries, long commit, long seq) {
        return new AppendEntries<>(Term.of(term), leader, prev, prevLeader, entries, Index.of(commit), seq, false);
    }

    static AppendEntriesResponse<Long, Unit, Long> granted(long term, long index, long prevIndex, long seq) {
        return new AppendEntriesResponse<>(Term.of(term), Vote.GRANTED, Index.of(index), Index.of(prevIndex), seq,
                false, false);
    }

    /**
     * {@code peer} answers an old heartbeat (sequence 0) every 400 ms in {@code [from, to)}: it counts for
     * check-quorum but confirms no read round.
     */
    static void answerOldHeartbeats(Member m, PeerId peer, long term, long from, long to) {
        for (long t = from + 400; t < to; t += 400) {
            m.raft.receive(peer, granted(term, 1, 1, 0), t);
        }
    }

    static AppendEntriesResponse<Long, Unit, Long> denied(long term, long hint, long prevIndex, long seq,
                                                          boolean conflict) {
        return new AppendEntriesResponse<>(Term.of(term), Vote.DENIED, Index.of(hint), Index.of(prevIndex), seq,
                false, conflict);
    }

    /** Member 0 following P1 in term 1, its log holding P1's TermStart (uncommitted), flushed. */
    static Member follower(ConsensusConfig config) {
        Member m = member(0, config);
        m.raft.receive(P1, ae(1, P1, Cursor.ZERO, null, List.of(start(1, 1, P1)), 0), 100);
        m.flushAndDrain(100);
        return m;
    }

    /**
     * Member 0 as the leader of term 1 over the given bonded peers (all of which grant), with its
     * TermStart at index 1 durable but not yet acknowledged by anyone. Elected at 10 000.
     */
    static Member leader(ConsensusConfig config, PeerId... peers) {
        return leader(config, new InMemoryLogStore<>(), peers);
    }

    static Member leader(ConsensusConfig config, InMemoryLogStore<LogPayload<Long>> log, PeerId... peers) {
        return elect(member(0, config, log), peers);
    }

    /** Bonds the peers, stands at 10 000 and collects their grants until elected; flushes. */
    static Member elect(Member m, PeerId... peers) {
        for (PeerId p : peers) {
            m.raft.bondUp(p, 0);
        }
        Harness.stand(m.raft, 10_000);
        Term t = m.raft.term();
        for (PeerId p : peers) {
            if (m.raft.role() == Role.LEADER) {
                break;
            }
            m.raft.receive(p, new RequestVoteResponse<>(t, Vote.GRANTED), 10_000);
        }
        assertEquals(Role.LEADER, m.raft.role());
        m.flushAndDrain(10_000);
        return m;
    }

    /** Member {@code i} over {@code log} with replication {@code tuning}, started at 0. */
    static Member tuned(int i, ConsensusConfig config, RaftTuning tuning, InMemoryLogStore<LogPayload<Long>> log) {
        Harness.Counter machine = new Harness.Counter();
        RaftNode<Long, Unit, Long> raft = new RaftNode<>(new RaftSetup<>(peer(i), new GroupId(Digest.of("g")),
                NetworkId.of("n"), config, machine, log, new SplittableRandom(i + 1), tuning));
        raft.start(0);
        return new Member(raft, log, machine);
    }

    /** A log holding P1's TermStart of term 1 and {@code commands} commands of term 1 (values 1, 2, ...). */
    static InMemoryLogStore<LogPayload<Long>> termOneLog(int commands) {
        InMemoryLogStore<LogPayload<Long>> log = new InMemoryLogStore<>();
        log.append(new LogPayload.TermStart<>(P1), Term.ONE);
        for (int i = 1; i <= commands; i++) {
            log.append(LogPayload.Command.untagged((long) i), Term.ONE);
        }
        log.saveHardState(dev.groups.storage.HardState.of(Term.ONE, P1));
        return log;
    }

    /** The messages of one type addressed to {@code to}. */
    @SuppressWarnings("unchecked")
    static <M extends RaftMessage<Long, Unit, Long>> List<M> to(List<Outgoing<Long, Unit, Long>> out, PeerId to,
                                                                 Class<?> type) {
        List<M> list = new ArrayList<>();
        for (Outgoing<Long, Unit, Long> o : out) {
            if (o.to().equals(to) && type.isInstance(o.message())) {
                list.add((M) o.message());
            }
        }
        return list;
    }

    /** The failures among outcomes, by request id; a request failing twice fails the test. */
    static Map<Long, ClientOutcome.Failed<Long>> failures(List<ClientOutcome<Long>> outcomes) {
        Map<Long, ClientOutcome.Failed<Long>> m = new HashMap<>();
        for (ClientOutcome<Long> o : outcomes) {
            if (o instanceof ClientOutcome.Failed<Long> f) {
                assertEquals(null, m.put(f.requestId(), f), "request " + f.requestId() + " failed twice");
            }
        }
        return m;
    }
}
