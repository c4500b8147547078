package dev.groups.raft.wire;

import static dev.groups.raft.wire.Samples.LONGS;
import static dev.groups.raft.wire.Samples.STRINGS;
import static dev.groups.raft.wire.Samples.assertMessageEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.log.LogPayload;
import dev.groups.machine.Codecs;
import dev.groups.machine.Unit;
import dev.groups.raft.core.RaftMessage;
import dev.groups.raft.core.RaftMessage.AppendEntries;
import dev.groups.raft.core.RaftMessage.SyncMessage;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RaftCodecRoundTripTest {

    static Stream<RaftMessage<String, Long, Unit>> strings() {
        return Samples.strings().stream();
    }

    static Stream<RaftMessage<Long, Unit, String>> longs() {
        return Samples.longs().stream();
    }

    @ParameterizedTest
    @MethodSource("strings")
    void roundTripsWithStringCommands(RaftMessage<String, Long, Unit> message) {
        assertRoundTrip(STRINGS, message);
    }

    @ParameterizedTest
    @MethodSource("longs")
    void roundTripsWithLongCommands(RaftMessage<Long, Unit, String> message) {
        assertRoundTrip(LONGS, message);
    }

    @Test
    void everyVariantIsCovered() {
        Set<Class<?>> variants = new HashSet<>();
        Samples.strings().forEach(m -> variants.add(m.getClass()));
        assertEquals(Set.of(RaftMessage.class.getPermittedSubclasses()), variants);
    }

    @Test
    void roundTripsAHugeAppendEntries() {
        AppendEntries<String, Long, Unit> big = Samples.bigAppend();
        byte[] bytes = assertRoundTrip(STRINGS, big);
        // 511 commands of 4096 bytes behind a 17-byte payload header, each with a 2-byte length.
        assertTrue(bytes.length > 511 * (4096 + 17 + 2), () -> bytes.length + " bytes");
        assertEquals(1, big.entries().stream().filter(e -> e.command() instanceof LogPayload.TermStart).count());
    }

    @Test
    void decodesFromTheMiddleOfAnArray() {
        for (RaftMessage<String, Long, Unit> message : Samples.strings()) {
            byte[] bytes = STRINGS.encode(message);
            byte[] framed = new byte[bytes.length + 10];
            Arrays.fill(framed, (byte) 0xEE);
            System.arraycopy(bytes, 0, framed, 3, bytes.length);
            assertMessageEquals(message, STRINGS.decode(framed, 3, bytes.length));
        }
    }

    @Test
    void syncPayloadIsCopiedBothWays() {
        byte[] payload = {1, 2, 3};
        byte[] bytes = STRINGS.encode(new SyncMessage<>(payload));
        SyncMessage<?, ?, ?> decoded = assertInstanceOf(SyncMessage.class, STRINGS.decode(bytes));
        bytes[bytes.length - 1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, decoded.payload());
    }

    @Test
    void aMessageOfExactlyTheLimitPasses() {
        RaftCodec<String, Long, Unit> codec = new RaftCodec<>(Codecs.utf8(), Codecs.int64(), Codecs.unit(), 100);
        SyncMessage<String, Long, Unit> message = new SyncMessage<>(new byte[98]); // tag + 1-byte length + 98
        byte[] bytes = codec.encode(message);
        assertEquals(100, bytes.length);
        assertMessageEquals(message, codec.decode(bytes));
    }

    private static <C, Q, R> byte[] assertRoundTrip(RaftCodec<C, Q, R> codec, RaftMessage<C, Q, R> message) {
        byte[] bytes = codec.encode(message);
        RaftMessage<C, Q, R> decoded = codec.decode(bytes);
        assertMessageEquals(message, decoded);
        assertArrayEquals(bytes, codec.encode(decoded), "the encoding is canonical");
        return bytes;
    }
}
