package dev.groups.raft.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import dev.groups.machine.Codecs;
import dev.groups.machine.Unit;
import dev.groups.raft.core.RaftMessage;
import dev.groups.raft.core.RaftMessage.AppendEntries;
import dev.groups.raft.core.RaftMessage.AppendEntriesResponse;
import dev.groups.raft.core.RaftMessage.CommandAck;
import dev.groups.raft.core.RaftMessage.ForwardCommands;
import dev.groups.raft.core.RaftMessage.ForwardQuery;
import dev.groups.raft.core.RaftMessage.NotLeader;
import dev.groups.raft.core.RaftMessage.QueryResponse;
import dev.groups.raft.core.RaftMessage.PreVote;
import dev.groups.raft.core.RaftMessage.PreVoteResponse;
import dev.groups.raft.core.RaftMessage.RequestVote;
import dev.groups.raft.core.RaftMessage.TimeoutNow;
import dev.groups.raft.core.RaftMessage.RequestVoteResponse;
import dev.groups.raft.core.RaftMessage.SyncMessage;
import dev.groups.raft.core.Vote;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Codecs and messages with edge values, shared by the wire tests. */
final class Samples {
    private Samples() {}

    static final long MAX = Long.MAX_VALUE;

    /** Strings for commands, Longs for queries, no results. */
    static final RaftCodec<String, Long, Unit> STRINGS = new RaftCodec<>(Codecs.utf8(), Codecs.int64(), Codecs.unit());

    /** Longs for commands, no queries, Strings for results. */
    static final RaftCodec<Long, Unit, String> LONGS = new RaftCodec<>(Codecs.int64(), Codecs.unit(), Codecs.utf8());

    /** A peer whose 32 bytes all equal {@code b}. */
    static PeerId peer(int b) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) b);
        return PeerId.fromBytes(key);
    }

    static <C> LogPayload<C> command(C command, long session, long sequence) {
        return new LogPayload.Command<>(command, session, sequence);
    }

    static <C> LogPayload<C> termStart(int peer) {
        return new LogPayload.TermStart<>(peer(peer));
    }

    /** An AppendEntries whose entries follow {@code prev}, with the given terms and payloads. */
    static <C, Q, R> AppendEntries<C, Q, R> append(long term, Cursor prev, PeerId prevLeader, long[] terms,
                                                   List<LogPayload<C>> payloads, long commit, long seq,
                                                   boolean catchUp) {
        List<LogEntry<LogPayload<C>>> entries = new ArrayList<>(payloads.size());
        for (int i = 0; i < payloads.size(); i++) {
            entries.add(new LogEntry<>(prev.index().plus(i + 1L), Term.of(terms[i]), payloads.get(i)));
        }
        return new AppendEntries<>(Term.of(term), peer(0x11), prev, prevLeader, entries, Index.of(commit), seq, catchUp);
    }

    /** 512 entries of 4 KiB commands (strings of 4096 ASCII characters). */
    static AppendEntries<String, Long, Unit> bigAppend() {
        SplittableRandom random = new SplittableRandom(7);
        List<LogPayload<String>> payloads = new ArrayList<>();
        long[] terms = new long[512];
        for (int i = 0; i < 512; i++) {
            char[] text = new char[4096];
            for (int j = 0; j < text.length; j++) {
                text[j] = (char) ('a' + random.nextInt(26));
            }
            payloads.add(i == 0 ? termStart(0x11) : command(new String(text), random.nextLong(), i));
            terms[i] = 1000 + i / 100;
        }
        return append(1004, Cursor.of(999, 1_000_000), peer(0x22), terms, payloads, 1_000_100, 1 << 20, false);
    }

    /** One or more messages of every variant, with edge values; small enough to fuzz. */
    static List<RaftMessage<String, Long, Unit>> strings() {
        List<RaftMessage<String, Long, Unit>> all = new ArrayList<>();
        all.add(append(0, Cursor.ZERO, null, new long[0], List.of(), 0, 0, false));
        all.add(append(1, Cursor.of(1, 1), peer(0x22), new long[] {1}, List.of(termStart(0x11)), 1, 1, true));
        all.add(append(MAX, Cursor.of(MAX, MAX - 4), peer(0xFF), new long[] {0, 1, 128, MAX},
                List.of(command("", 0, 0), command("a", -1, MAX), command("ü€𝄞", Long.MIN_VALUE, 1), termStart(0)),
                MAX, MAX, true));
        all.add(append(128, Cursor.of(127, 16_383), null, new long[] {127, 128},
                List.of(termStart(0x33), command("x".repeat(200), 42, 43)), 16_384, 300, false));
        for (Vote vote : Vote.values()) {
            all.add(new AppendEntriesResponse<>(Term.of(vote.ordinal()), vote, Index.ZERO, Index.ONE, vote.ordinal(),
                    vote == Vote.DENIED, vote == Vote.ABSTAINED));
            all.add(new RequestVoteResponse<>(Term.of(MAX - vote.ordinal()), vote));
        }
        all.add(new AppendEntriesResponse<>(Term.of(MAX), Vote.GRANTED, Index.of(MAX), Index.of(MAX), MAX, true, true));
        all.add(new RequestVote<>(Term.ZERO, peer(0), Cursor.ZERO));
        all.add(new RequestVote<>(Term.ONE, peer(1), Cursor.of(1, 1)));
        all.add(new RequestVote<>(Term.of(MAX), peer(0xAB), Cursor.of(MAX, MAX)));
        all.add(new RequestVote<>(Term.of(3), peer(0xAC), Cursor.of(2, 9), true));
        all.add(new PreVote<>(Term.ONE, peer(2), Cursor.ZERO));
        all.add(new PreVote<>(Term.of(MAX), peer(0xAD), Cursor.of(MAX, MAX)));
        for (Vote vote : Vote.values()) {
            all.add(new PreVoteResponse<>(Term.of(MAX - 1 - vote.ordinal()), Term.of(MAX - vote.ordinal()), vote));
        }
        all.add(new TimeoutNow<>(Term.ONE));
        all.add(new TimeoutNow<>(Term.of(MAX)));
        all.add(new RaftMessage.ForwardVoterChange<>(0, Term.ZERO, true, peer(3)));
        all.add(new RaftMessage.ForwardVoterChange<>(MAX, Term.of(MAX), false, peer(0xFE)));
        for (var status : dev.groups.raft.core.VoterChangeStatus.values()) {
            all.add(new RaftMessage.VoterChangeResult<>(status.ordinal(), status, status.name() + " ü€",
                    new java.util.TreeSet<>(List.of(peer(1), peer(2), peer(status.ordinal() + 3))), Cursor.of(2, 9)));
        }
        all.add(new RaftMessage.VoterChangeResult<>(MAX, dev.groups.raft.core.VoterChangeStatus.OFFLINE, "",
                new java.util.TreeSet<>(), Cursor.ZERO));
        all.add(new ForwardCommands<>(0, 0, 0, List.of(), Term.of(1)));
        all.add(new ForwardCommands<>(1, -1, 1, List.of("", "a", "ü€𝄞"), Term.of(1)));
        all.add(new ForwardCommands<>(MAX, Long.MIN_VALUE, MAX, List.of("command"), Term.of(1)));
        all.add(new ForwardCommands<>(128, Long.MAX_VALUE, 16_384, List.of("x".repeat(130)), Term.of(1)));
        all.add(new CommandAck<>(0, IndexRange.of(0, 0)));
        all.add(new CommandAck<>(1, IndexRange.of(1, MAX)));
        all.add(new CommandAck<>(MAX, IndexRange.of(5, 4)));
        all.add(new CommandAck<>(300, IndexRange.of(MAX, 0)));
        for (long id : new long[] {0, 1, 127, 128, 16_383, 16_384, 1L << 56, MAX}) {
            all.add(new NotLeader<>(id));
        }
        for (long query : new long[] {Long.MIN_VALUE, -1, 0, MAX}) {
            all.add(new ForwardQuery<>(query == -1 ? MAX : 7, query));
        }
        all.add(new QueryResponse<>(0, Unit.INSTANCE, Index.ZERO));
        all.add(new QueryResponse<>(MAX, Unit.INSTANCE, Index.of(MAX)));
        all.add(new SyncMessage<>(new byte[0]));
        all.add(new SyncMessage<>(new byte[] {0}));
        all.add(new SyncMessage<>(bytes(200, 3)));
        return all;
    }

    /** Messages over the other codecs: Long commands, Unit queries, String results. */
    static List<RaftMessage<Long, Unit, String>> longs() {
        List<RaftMessage<Long, Unit, String>> all = new ArrayList<>();
        all.add(append(5, Cursor.of(4, 9), peer(7), new long[] {5, 5, 5},
                List.of(termStart(7), command(Long.MIN_VALUE, 1, 2), command(MAX, 3, 4)), 9, 10, false));
        all.add(new ForwardCommands<>(2, 3, 4, List.of(0L, -1L, MAX, Long.MIN_VALUE), Term.of(1)));
        all.add(new ForwardQuery<>(0, Unit.INSTANCE));
        all.add(new ForwardQuery<>(MAX, Unit.INSTANCE));
        all.add(new QueryResponse<>(1, "", Index.ONE));
        all.add(new QueryResponse<>(MAX, "résultat ✓", Index.of(MAX)));
        return all;
    }

    static byte[] bytes(int length, long seed) {
        byte[] bytes = new byte[length];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    /** Equality of messages, comparing a SyncMessage's payload by content. */
    static void assertMessageEquals(RaftMessage<?, ?, ?> expected, RaftMessage<?, ?, ?> actual) {
        if (expected instanceof SyncMessage<?, ?, ?> e && actual instanceof SyncMessage<?, ?, ?> a) {
            assertArrayEquals(e.payload(), a.payload());
        } else {
            assertEquals(expected, actual);
        }
    }
}
