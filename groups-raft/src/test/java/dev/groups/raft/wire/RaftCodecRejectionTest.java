package dev.groups.raft.wire;

import static dev.groups.raft.wire.Samples.STRINGS;
import static dev.groups.raft.wire.Samples.command;
import static dev.groups.raft.wire.Samples.peer;
import static dev.groups.raft.wire.Samples.termStart;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import dev.groups.machine.Codec;
import dev.groups.machine.CodecException;
import dev.groups.machine.Codecs;
import dev.groups.machine.Unit;
import dev.groups.raft.core.RaftMessage;
import dev.groups.raft.core.RaftMessage.AppendEntries;
import dev.groups.raft.core.RaftMessage.ForwardCommands;
import dev.groups.raft.core.RaftMessage.ForwardQuery;
import dev.groups.raft.core.RaftMessage.NotLeader;
import dev.groups.raft.core.RaftMessage.SyncMessage;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RaftCodecRejectionTest {
    private static final int[] NO_BYTES = {};

    @Test
    void everyProperPrefixIsRejected() {
        List<RaftMessage<String, Long, Unit>> messages = Samples.strings();
        messages.add(Samples.append(9, Cursor.of(8, 100), peer(5), new long[] {9, 9, 9},
                List.of(termStart(5), command("one", 1, 1), command("two", 1, 2)), 100, 12_345, false));
        for (RaftMessage<String, Long, Unit> message : messages) {
            byte[] bytes = STRINGS.encode(message);
            for (int length = 0; length < bytes.length; length++) {
                int cut = length;
                assertThrows(CodecException.class, () -> STRINGS.decode(bytes, 0, cut), () -> message + " cut at " + cut);
            }
        }
    }

    @Test
    void overlongAndOverflowingVarintsAreRejected() {
        assertRejected(0x07, 0x80, 0x00);                                      // 0 in two bytes
        assertRejected(0x07, 0x81, 0x00);                                      // 1 in two bytes
        assertRejected(0x07, 0xFF, 0xFF, 0x80, 0x00);                          // 16383 padded
        assertRejected(0x07, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x80, 0x01); // 2^63
        assertRejected(0x07, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01); // 10 bytes
        assertRejected(0x07, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F); // 2^70 - 1
        NotLeader<?, ?, ?> max = assertInstanceOf(NotLeader.class,
                decode(0x07, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F));
        assertEquals(Long.MAX_VALUE, max.requestId());
    }

    @Test
    void countsAndLengthsBeyondTheInputAreRejected() {
        int[] leader = repeat(0x11, 32);
        // AppendEntries claiming 3 entries with 5 bytes left: 3 entries need at least 6.
        assertRejected(join(new int[] {0x01, 0x01}, leader, new int[] {0x00, 0x00, 0x00, 0x03, 0x01, 0x00, 0x00, 0x00, 0x00}));
        // AppendEntries claiming 2^62 entries.
        assertRejected(join(new int[] {0x01, 0x01}, leader,
                new int[] {0x00, 0x00, 0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40, 0x00}));
        // ForwardCommands claiming 1000 commands in 2 bytes.
        assertRejected(join(new int[] {0x05, 0x00}, repeat(0, 8), new int[] {0x00, 0xE8, 0x07, 0x00, 0x00}));
        // A sync payload claiming 2^31 bytes, and one a byte longer than what is there.
        assertRejected(0x0A, 0x80, 0x80, 0x80, 0x80, 0x08, 1, 2, 3);
        assertRejected(0x0A, 0x04, 1, 2, 3);
        // A query claiming 9 bytes with 8 left, then one claiming Long.MAX_VALUE bytes.
        assertRejected(0x08, 0x00, 0x09, 1, 2, 3, 4, 5, 6, 7, 8);
        assertRejected(0x08, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void aMessageAboveTheLimitIsRejectedBothWays() {
        RaftCodec<String, Long, Unit> codec = new RaftCodec<>(Codecs.utf8(), Codecs.int64(), Codecs.unit(), 64);
        SyncMessage<String, Long, Unit> fits = new SyncMessage<>(new byte[62]);
        SyncMessage<String, Long, Unit> tooBig = new SyncMessage<>(new byte[63]);
        assertEquals(64, codec.encode(fits).length);
        assertThrows(CodecException.class, () -> codec.encode(tooBig));
        assertThrows(CodecException.class, () -> codec.decode(STRINGS.encode(tooBig)));
        assertThrows(CodecException.class, () -> codec.decode(new byte[65]), "checked before the tag");
        RaftMessage<String, Long, Unit> manyEntries = Samples.append(1, Cursor.ZERO, null, new long[] {1, 1},
                List.of(command("x".repeat(20), 0, 0), command("y".repeat(20), 0, 0)), 0, 0, false);
        assertThrows(CodecException.class, () -> codec.encode(manyEntries));
        assertThrows(IllegalArgumentException.class, () -> new RaftCodec<>(Codecs.utf8(), Codecs.int64(), Codecs.unit(), 0));
    }

    @Test
    void trailingBytesAreRejected() {
        for (RaftMessage<String, Long, Unit> message : Samples.strings()) {
            byte[] bytes = STRINGS.encode(message);
            byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
            assertThrows(CodecException.class, () -> STRINGS.decode(longer), message::toString);
        }
    }

    @Test
    void badBooleansPresenceBytesAndVotesAreRejected() {
        byte[] append = STRINGS.encode(Samples.append(1, Cursor.of(1, 1), null, new long[0], List.of(), 0, 0, false));
        append[append.length - 1] = 2;                                          // catchUp
        assertRejected(append);
        append[append.length - 1] = 0;
        append[1 + 1 + 32 + 2] = 2;                                             // prevLeader presence
        assertRejected(append);
        assertRejected(0x02, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02);      // conflict = 2
        assertRejected(0x02, 0x01, 0x00, 0x00, 0x00, 0x00, 0xFF, 0x00);      // observer = 255
        assertRejected(0x02, 0x01, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00);      // vote 3
        assertRejected(0x04, 0x01, 0x80);                                      // vote 128
        assertNull(assertInstanceOf(AppendEntries.class, decode(join(new int[] {0x01, 0x00}, repeat(0, 32),
                new int[] {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}))).prevLeader());
    }

    @Test
    void unknownTagsAreRejected() {
        for (int tag : new int[] {0x00, 0x0B, 0x7F, 0x80, 0xFF}) {
            assertRejected(tag, 0x00);
            assertRejected(tag);
        }
        assertRejected(NO_BYTES);
    }

    @Test
    void payloadsTheNestedCodecsRejectAreRejected() {
        assertRejected(0x08, 0x00, 0x07, 1, 2, 3, 4, 5, 6, 7);                // an int64 query of 7 bytes
        assertRejected(join(new int[] {0x05, 0x00}, repeat(0, 8), new int[] {0x00, 0x01, 0x02, 0xC3, 0x28})); // bad UTF-8
        assertRejected(0x09, 0x00, 0x01, 0x00, 0x00);                         // a unit result of 1 byte
        int[] head = join(new int[] {0x01, 0x01}, repeat(0x11, 32), new int[] {0x00, 0x00, 0x00, 0x01, 0x01});
        int[] tail = {0x00, 0x00, 0x00};
        assertRejected(join(head, new int[] {0x00}, tail));                   // an empty log payload
        assertRejected(join(head, new int[] {0x01, 0x05}, tail));             // unknown payload kind
        assertRejected(join(head, new int[] {0x20, 0x01}, repeat(0x11, 31), tail)); // a 32-byte TermStart
        assertRejected(join(head, new int[] {0x10, 0x00}, repeat(0, 15), tail));    // a 16-byte Command
        // The well-formed versions of the last two pass.
        decode(join(head, new int[] {0x21, 0x01}, repeat(0x11, 32), tail));
        decode(join(head, new int[] {0x11, 0x00}, repeat(0, 16), tail));
    }

    @Test
    void malformedVoterChangesAreRejected() {
        int[] two = join(new int[] {0x02}, repeat(0x01, 32), repeat(0x02, 32));
        decode(join(new int[] {0x0F, 0x07, 0x01, 0x00}, two, new int[] {0x03, 0x04}));                 // well-formed
        assertRejected(join(new int[] {0x0F, 0x07, 0x04, 0x00}, two, new int[] {0x03, 0x04}));         // status 4
        assertRejected(join(new int[] {0x0F, 0x07, 0x01, 0x00, 0x02}, repeat(0x02, 32), repeat(0x01, 32),
                new int[] {0x03, 0x04}));                                                                // descending
        assertRejected(join(new int[] {0x0F, 0x07, 0x01, 0x00, 0x02}, repeat(0x01, 64), new int[] {0x03, 0x04})); // twice
        assertRejected(join(new int[] {0x0F, 0x07, 0x01, 0x00}, two, new int[] {0x03}));                // no index
        assertRejected(join(new int[] {0x0F, 0x07, 0x01, 0x00, 0x03}, repeat(0x01, 32), repeat(0x02, 32),
                new int[] {0x03, 0x04}));                                                                // 3 announced
        assertRejected(join(new int[] {0x0E, 0x01, 0x01, 0x02}, repeat(0x01, 32)));                    // add is 0 or 1
        assertRejected(join(new int[] {0x0E, 0x01, 0x01, 0x01}, repeat(0x01, 31)));                    // short peer
    }

    @Test
    void entriesPastTheLastIndexAreRejected() {
        int[] maxIndex = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F};
        int[] head = join(new int[] {0x01, 0x01}, repeat(0x11, 32), new int[] {0x00}, maxIndex, new int[] {0x00, 0x01});
        assertRejected(join(head, new int[] {0x01, 0x21, 0x01}, repeat(0x11, 32), new int[] {0x00, 0x00, 0x00}));
        // A heartbeat at the last index is fine.
        decode(join(new int[] {0x01, 0x01}, repeat(0x11, 32), new int[] {0x00}, maxIndex, new int[] {0x00, 0x00, 0x00, 0x00, 0x00}));
    }

    @Test
    void userCodecFailuresBecomeCodecExceptions() {
        RuntimeException boom = new IllegalStateException("boom");
        Codec<String> broken = new Codec<>() {
            @Override
            public byte[] encode(String value) {
                if (value.equals("null")) {
                    return null;
                }
                throw boom;
            }

            @Override
            public String decode(byte[] data, int offset, int length) {
                if (length == 0) {
                    return null;
                }
                throw boom;
            }
        };
        RaftCodec<String, Long, Unit> codec = new RaftCodec<>(broken, Codecs.int64(), Codecs.unit());
        assertEquals(boom, assertThrows(CodecException.class,
                () -> codec.encode(new ForwardCommands<>(0, 0, 0, List.of("x"), Term.of(1)))).getCause());
        assertThrows(CodecException.class, () -> codec.encode(new ForwardCommands<>(0, 0, 0, List.of("null"), Term.of(1))));
        assertEquals(boom, assertThrows(CodecException.class, () -> codec.encode(
                Samples.append(1, Cursor.ZERO, null, new long[] {1}, List.of(command("x", 0, 0)), 0, 0, false))).getCause());
        byte[] forward = STRINGS.encode(new ForwardCommands<>(0, 0, 0, List.of("x"), Term.of(1)));
        assertEquals(boom, assertThrows(CodecException.class, () -> codec.decode(forward)).getCause());
        byte[] empty = STRINGS.encode(new ForwardCommands<>(0, 0, 0, List.of(""), Term.of(1)));
        assertThrows(CodecException.class, () -> codec.decode(empty));
        byte[] entry = STRINGS.encode(Samples.append(1, Cursor.ZERO, null, new long[] {1}, List.of(command("x", 0, 0)), 0, 0, false));
        assertEquals(boom, assertThrows(CodecException.class, () -> codec.decode(entry)).getCause());
    }

    @Test
    void encodeRejectsWhatCannotBeDecoded() {
        List<LogEntry<LogPayload<String>>> gap = List.of(
                new LogEntry<>(Index.of(6), Term.ONE, termStart(1)),
                new LogEntry<>(Index.of(8), Term.ONE, command("x", 0, 0)));
        assertThrows(CodecException.class, () -> STRINGS.encode(
                new AppendEntries<>(Term.ONE, peer(1), Cursor.of(1, 5), null, gap, Index.ZERO, 0, false)));
        List<LogEntry<LogPayload<String>>> notAfterPrev = List.of(new LogEntry<>(Index.of(5), Term.ONE, termStart(1)));
        assertThrows(CodecException.class, () -> STRINGS.encode(
                new AppendEntries<>(Term.ONE, peer(1), Cursor.of(1, 5), null, notAfterPrev, Index.ZERO, 0, false)));
        List<LogEntry<LogPayload<String>>> far = List.of(new LogEntry<>(Index.of(Long.MAX_VALUE), Term.ONE, termStart(1)));
        assertThrows(CodecException.class, () -> STRINGS.encode(
                new AppendEntries<>(Term.ONE, peer(1), Cursor.ZERO, null, far, Index.ZERO, 0, false)));
        assertThrows(CodecException.class, () -> STRINGS.encode(
                Samples.append(1, Cursor.ZERO, null, new long[0], List.of(), 0, -1, false)));
        assertThrows(CodecException.class, () -> STRINGS.encode(new NotLeader<>(-1)));
        assertThrows(CodecException.class, () -> STRINGS.encode(new ForwardQuery<>(Long.MIN_VALUE, 1L)));
        assertThrows(CodecException.class, () -> STRINGS.encode(new ForwardCommands<>(0, 0, -5, List.of(), Term.of(1))));
        assertThrows(CodecException.class, () -> STRINGS.encode(null));
    }

    @Test
    void outOfRangeArgumentsAreCodecExceptions() {
        byte[] bytes = STRINGS.encode(new NotLeader<>(1));
        assertThrows(CodecException.class, () -> STRINGS.decode(bytes, 1, 2));
        assertThrows(CodecException.class, () -> STRINGS.decode(bytes, -1, 1));
        assertThrows(CodecException.class, () -> STRINGS.decode(bytes, 0, -1));
        assertThrows(CodecException.class, () -> STRINGS.decode(bytes, Integer.MAX_VALUE, 2));
        assertThrows(CodecException.class, () -> STRINGS.decode(null, 0, 0));
    }

    private static RaftMessage<String, Long, Unit> decode(int... bytes) {
        return STRINGS.decode(toBytes(bytes));
    }

    private static void assertRejected(int... bytes) {
        assertRejected(toBytes(bytes));
    }

    private static void assertRejected(byte[] bytes) {
        assertThrows(CodecException.class, () -> STRINGS.decode(bytes), () -> Arrays.toString(bytes));
    }

    private static byte[] toBytes(int[] ints) {
        byte[] bytes = new byte[ints.length];
        for (int i = 0; i < ints.length; i++) {
            bytes[i] = (byte) ints[i];
        }
        return bytes;
    }

    private static int[] join(int[]... parts) {
        int[] all = new int[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
        int at = 0;
        for (int[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static int[] repeat(int b, int times) {
        int[] ints = new int[times];
        Arrays.fill(ints, b);
        return ints;
    }
}
