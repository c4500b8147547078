package dev.groups.raft.core;

import static dev.groups.raft.core.Harness.peer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.groups.id.PeerId;
import dev.groups.log.Index;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import dev.groups.storage.InMemoryLogStore;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The term index that log matching relies on: who started the term of each entry, and where its run begins. */
class TermHistoryTest {
    private static final PeerId P1 = peer(1);
    private static final PeerId P2 = peer(2);

    /** TermStart(1, P1), a command of term 1, TermStart(2, P2), two commands of term 2: indexes 1..5. */
    private static InMemoryLogStore<LogPayload<Long>> twoTerms() {
        InMemoryLogStore<LogPayload<Long>> log = new InMemoryLogStore<>();
        log.append(new LogPayload.TermStart<>(P1), Term.ONE);
        log.append(LogPayload.Command.untagged(7L), Term.ONE);
        log.append(new LogPayload.TermStart<>(P2), Term.of(2));
        log.append(LogPayload.Command.untagged(8L), Term.of(2));
        log.append(LogPayload.Command.untagged(9L), Term.of(2));
        return log;
    }

    @Test
    void aRebuiltHistoryNamesTheLeaderOfEveryEntrysTerm() {
        TermHistory h = TermHistory.rebuild(twoTerms());
        assertEquals(Optional.empty(), h.leaderAt(Index.ZERO));
        assertEquals(Optional.of(P1), h.leaderAt(Index.ONE));
        assertEquals(Optional.of(P1), h.leaderAt(Index.of(2)));
        assertEquals(Optional.of(P2), h.leaderAt(Index.of(3)));
        assertEquals(Optional.of(P2), h.leaderAt(Index.of(5)));
        assertEquals(1, h.runStart(Index.of(2)));
        assertEquals(3, h.runStart(Index.of(5)));
    }

    @Test
    void aOneEntryRunAtTheEndIsKept() {
        InMemoryLogStore<LogPayload<Long>> log = new InMemoryLogStore<>();
        log.append(new LogPayload.TermStart<>(P1), Term.ONE);
        log.append(new LogPayload.TermStart<>(P2), Term.of(2));
        TermHistory h = TermHistory.rebuild(log);
        assertEquals(Optional.of(P2), h.leaderAt(Index.of(2)));
        assertEquals(2, h.runStart(Index.of(2)));
    }

    @Test
    void aPrunedLogKeepsOneRunPerTermAndForgetsThePrunedLeader() {
        InMemoryLogStore<LogPayload<Long>> log = twoTerms();
        log.prunePrefix(Index.ONE);
        TermHistory h = TermHistory.rebuild(log);
        assertEquals(1, h.runStart(Index.of(2)), "the prune point and the rest of its term are one run");
        assertEquals(Optional.empty(), h.leaderAt(Index.of(2)), "the TermStart was pruned: its leader is unknown");
        assertEquals(Optional.of(P2), h.leaderAt(Index.of(4)));
    }

    @Test
    void anEmptyHistoryStartsEveryRunAtOne() {
        TermHistory h = TermHistory.rebuild(new InMemoryLogStore<LogPayload<Long>>());
        assertEquals(1, h.runStart(Index.of(7)));
        assertEquals(Optional.empty(), h.leaderAt(Index.of(7)));
    }

    @Test
    void pruningDropsOnlyRunsWhollyBelowTheOffset() {
        TermHistory h = TermHistory.rebuild(twoTerms());
        h.pruned(Index.ZERO); // nothing below: a no-op
        assertEquals(Optional.of(P1), h.leaderAt(Index.ONE));
        h.pruned(Index.of(4));
        assertEquals(Optional.empty(), h.leaderAt(Index.ONE), "term 1's run lay wholly below 4");
        assertEquals(Optional.of(P2), h.leaderAt(Index.of(4)));
    }

    @Test
    void aResetForgetsEverythingButItsBase() {
        TermHistory h = TermHistory.rebuild(twoTerms());
        h.reset(Index.of(4), Term.of(2), P2);
        assertEquals(Optional.empty(), h.leaderAt(Index.ONE));
        assertEquals(Optional.of(P2), h.leaderAt(Index.of(4)));
        assertEquals(4, h.runStart(Index.of(6)));
        h.reset(Index.ZERO, Term.ZERO, null);
        assertEquals(1, h.runStart(Index.of(6)), "a reset to zero leaves no run at all");
        h.appended(new LogEntry<LogPayload<Long>>(Index.ONE, Term.of(3), new LogPayload.TermStart<>(P1)));
        assertEquals(Optional.of(P1), h.leaderAt(Index.ONE));
    }
}
