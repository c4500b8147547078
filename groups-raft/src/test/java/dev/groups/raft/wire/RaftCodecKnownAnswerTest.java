package dev.groups.raft.wire;

import static dev.groups.raft.wire.Samples.STRINGS;
import static dev.groups.raft.wire.Samples.assertMessageEquals;
import static dev.groups.raft.wire.Samples.command;
import static dev.groups.raft.wire.Samples.peer;
import static dev.groups.raft.wire.Samples.termStart;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.groups.log.Cursor;
import dev.groups.log.Term;
import dev.groups.machine.Unit;
import dev.groups.raft.core.RaftMessage;
import dev.groups.raft.core.RaftMessage.ForwardCommands;
import dev.groups.raft.core.RaftMessage.PreVote;
import dev.groups.raft.core.RaftMessage.PreVoteResponse;
import dev.groups.raft.core.RaftMessage.RequestVote;
import dev.groups.raft.core.RaftMessage.TimeoutNow;
import dev.groups.raft.core.Vote;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact bytes of a few messages, written from the format table of {@link RaftCodec}. */
class RaftCodecKnownAnswerTest {

    @Test
    void appendEntries() {
        RaftMessage<String, Long, Unit> message = Samples.append(3, Cursor.of(2, 5), peer(0x22), new long[] {3, 3},
                List.of(termStart(0x11), command("hi", 0x0102030405060708L, 9)), 5, 300, true);
        byte[] expected = bytes(
                0x01,                                   // tag AppendEntries
                0x03,                                   // term 3
                repeat(0x11, 32),                       // leader
                0x02, 0x05,                             // prev (term 2, index 5)
                0x01, repeat(0x22, 32),                 // prevLeader present
                0x02,                                   // 2 entries (at 6 and 7, implied)
                0x03, 0x21,                             // entry term 3, payload of 33 bytes:
                0x01, repeat(0x11, 32),                 //   TermStart(leader)
                0x03, 0x13,                             // entry term 3, payload of 19 bytes:
                0x00,                                   //   Command
                0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, //   session
                0, 0, 0, 0, 0, 0, 0, 0x09,              //   sequence 9
                'h', 'i',                               //   "hi"
                0x05,                                   // leaderCommit 5
                0xAC, 0x02,                             // seq 300
                0x01);                                  // catchUp
        assertKnownAnswer(message, expected);
    }

    @Test
    void requestVote() {
        RaftMessage<String, Long, Unit> message = new RequestVote<>(Term.of(128), peer(0x33), Cursor.of(127, 16_384));
        byte[] expected = bytes(
                0x03,                                   // tag RequestVote
                0x80, 0x01,                             // term 128
                repeat(0x33, 32),                       // candidate
                0x7F,                                   // lastLog term 127
                0x80, 0x80, 0x01,                       // lastLog index 16384
                0x00);                                  // transfer: no
        assertKnownAnswer(message, expected);
    }

    @Test
    void preVoteAndItsAnswerAndTimeoutNow() {
        assertKnownAnswer(new PreVote<>(Term.of(128), peer(0x33), Cursor.of(127, 16_384)), bytes(
                0x0B,                                   // tag PreVote
                0x80, 0x01,                             // proposed term 128
                repeat(0x33, 32),                       // candidate
                0x7F,                                   // lastLog term 127
                0x80, 0x80, 0x01));                     // lastLog index 16384
        assertKnownAnswer(new PreVoteResponse<>(Term.of(127), Term.of(128), Vote.ABSTAINED), bytes(
                0x0C,                                   // tag PreVoteResponse
                0x7F,                                   // the voter's term 127
                0x80, 0x01,                             // proposed term 128
                0x02));                                 // ABSTAINED
        assertKnownAnswer(new TimeoutNow<>(Term.of(5)), bytes(
                0x0D,                                   // tag TimeoutNow
                0x05));                                 // term 5
        assertKnownAnswer(new RequestVote<>(Term.of(1), peer(0x01), Cursor.ZERO, true), bytes(
                0x03, 0x01, repeat(0x01, 32), 0x00, 0x00,
                0x01));                                 // transfer: yes
    }

    @Test
    void voterChanges() {
        assertKnownAnswer(new RaftMessage.ForwardVoterChange<>(300, Term.of(5), true, peer(0x44)), bytes(
                0x0E,                                   // tag ForwardVoterChange
                0xAC, 0x02,                             // requestId 300
                0x05,                                   // leader's term 5
                0x01,                                   // add
                repeat(0x44, 32)));                     // the peer
        assertKnownAnswer(new RaftMessage.VoterChangeResult<>(7, dev.groups.raft.core.VoterChangeStatus.REFUSED, "no",
                new java.util.TreeSet<>(List.of(peer(0x02), peer(0x01))), Cursor.of(3, 200)), bytes(
                0x0F,                                   // tag VoterChangeResult
                0x07,                                   // requestId 7
                0x01,                                   // REFUSED
                0x02, 'n', 'o',                         // detail "no"
                0x02,                                   // two voters, ascending
                repeat(0x01, 32),
                repeat(0x02, 32),
                0x03,                                   // position term 3
                0xC8, 0x01));                           // position index 200
    }

    @Test
    void forwardCommands() {
        RaftMessage<String, Long, Unit> message = new ForwardCommands<>(1, -2, Long.MAX_VALUE, List.of("a", ""), Term.of(300));
        byte[] expected = bytes(
                0x05,                                   // tag ForwardCommands
                0x01,                                   // requestId 1
                0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE, // session -2
                0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, // firstSequence 2^63 - 1
                0x02,                                   // 2 commands
                0x01, 'a',                              // "a"
                0x00,                                   // ""
                0xAC, 0x02);                            // leaderTerm 300
        assertKnownAnswer(message, expected);
    }

    private static void assertKnownAnswer(RaftMessage<String, Long, Unit> message, byte[] expected) {
        assertArrayEquals(expected, STRINGS.encode(message));
        assertMessageEquals(message, STRINGS.decode(expected));
    }

    /** Bytes from ints (each 0..255) and int arrays. */
    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof Integer b) {
                out.write(b);
            } else if (part instanceof Character c) {
                out.write(c);
            } else {
                for (int b : (int[]) part) {
                    out.write(b);
                }
            }
        }
        return out.toByteArray();
    }

    private static int[] repeat(int b, int times) {
        int[] bytes = new int[times];
        Arrays.fill(bytes, b);
        return bytes;
    }
}
