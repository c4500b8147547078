package dev.groups.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.id.PeerId;
import dev.groups.machine.Codec;
import dev.groups.machine.CodecException;
import dev.groups.machine.Codecs;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ConfigurationPayloadTest {
    private final Codec<LogPayload<Long>> codec = LogPayload.codec(Codecs.int64());

    private static PeerId voter(int fill) {
        byte[] raw = new byte[32];
        Arrays.fill(raw, (byte) fill);
        return PeerId.fromBytes(raw);
    }

    @Test
    void encodesTheVotersInAscendingOrderAfterTheirCount() {
        byte[] bytes = codec.encode(new LogPayload.Configuration<>(new TreeSet<>(Set.of(voter(2), voter(1)))));
        byte[] expected = new byte[2 + 64];
        expected[0] = 2;
        expected[1] = 2;
        Arrays.fill(expected, 2, 34, (byte) 1);
        Arrays.fill(expected, 34, 66, (byte) 2);
        assertArrayEquals(expected, bytes);
        LogPayload<Long> back = codec.decode(bytes, 0, bytes.length);
        assertEquals(new LogPayload.Configuration<Long>(new TreeSet<>(Set.of(voter(1), voter(2)))), back);
    }

    @Test
    void rejectsMalformedConfigurations() {
        byte[] ok = codec.encode(new LogPayload.Configuration<>(new TreeSet<>(Set.of(voter(1), voter(2)))));
        assertRejected(new byte[] {2});
        assertRejected(new byte[] {2, 0});
        assertRejected(Arrays.copyOf(ok, ok.length - 1));
        assertRejected(Arrays.copyOf(ok, ok.length + 1));
        byte[] swapped = ok.clone();
        Arrays.fill(swapped, 2, 34, (byte) 2);
        Arrays.fill(swapped, 34, 66, (byte) 1);
        assertRejected(swapped);
        byte[] duplicate = ok.clone();
        Arrays.fill(duplicate, 34, 66, (byte) 1);
        assertRejected(duplicate);
    }

    @Test
    void aConfigurationNamesAtLeastOneVoterAndIsImmutable() {
        assertThrows(IllegalArgumentException.class, () -> new LogPayload.Configuration<Long>(new TreeSet<>()));
        var c = new LogPayload.Configuration<Long>(new TreeSet<>(Set.of(voter(1))));
        assertThrows(UnsupportedOperationException.class, () -> c.voters().add(voter(2)));
    }

    private void assertRejected(byte[] bytes) {
        CodecException e = assertThrows(CodecException.class, () -> codec.decode(bytes, 0, bytes.length));
        assertTrue(e.getMessage().contains("configuration"), e.getMessage());
    }
}
