package dev.groups.raft.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.groups.machine.CodecException;
import dev.groups.machine.Unit;
import dev.groups.raft.core.RaftMessage;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the Raft wire decoder ({@link MessageDecoder}, through
 * {@link RaftCodec#decode}) with string commands, long queries and unit results. The contract under test:
 * input is either rejected with {@link CodecException} (any other exception is a finding) or decodes to a
 * message that re-encodes to exactly the input (the encoding is canonical), which also bounds every list in
 * a decoded message by the input's length.
 *
 * <p>The default build replays {@code MessageDecoderFuzzTestInputs/decode/} (every message variant of
 * {@link Samples#strings()}); {@code -Pfuzz} fuzzes it (README, "Fuzzing").
 */
public class MessageDecoderFuzzTest {
    private static final RaftCodec<String, Long, Unit> CODEC = Samples.STRINGS;

    /** The seed corpus: file name to content. */
    public static Map<String, byte[]> seeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        List<RaftMessage<String, Long, Unit>> messages = Samples.strings();
        for (int i = 0; i < messages.size(); i++) {
            seeds.put(String.format("%02d-%s", i, messages.get(i).getClass().getSimpleName()), CODEC.encode(messages.get(i)));
        }
        return seeds;
    }

    @Test
    void everySeedIsAMessageThatDecodes() {
        // a format change that turns the committed seeds into rejections would leave the fuzzer at the first check
        for (Map.Entry<String, byte[]> seed : seeds().entrySet()) {
            assertArrayEquals(seed.getValue(), CODEC.encode(CODEC.decode(seed.getValue())), seed.getKey());
        }
    }

    @FuzzTest(maxDuration = "2m")
    void decode(byte[] message) {
        RaftMessage<String, Long, Unit> decoded;
        try {
            decoded = CODEC.decode(message);
        } catch (CodecException rejected) {
            return;
        }
        assertTrue(message.length > 0, "an empty input decoded");
        assertArrayEquals(message, CODEC.encode(decoded), () -> HexFormat.of().formatHex(message) + " decoded to "
                + decoded + ", which encodes differently");
    }
}
