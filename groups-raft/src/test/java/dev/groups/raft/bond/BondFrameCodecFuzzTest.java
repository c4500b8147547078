package dev.groups.raft.bond;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.groups.id.NodeIdentity;
import dev.groups.machine.CodecException;
import dev.groups.raft.discovery.SignedPeerEntry;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of {@link BondFrameCodec#decode}: every frame a peer can send on a bond
 * stream, before any handshake. The contract under test: a frame is either rejected with
 * {@link CodecException} (any other exception is a finding) or decodes to a frame that encodes back to
 * exactly its input, so nothing in a frame is ignored or silently normalized.
 *
 * <p>The default build replays {@code BondFrameCodecFuzzTestInputs/decode/} (one encoding of every
 * frame type, with signed entries; written by {@code dev.groups.raft.FuzzSeeds} from {@link #seeds()});
 * {@code -Pfuzz} fuzzes it (README, "Fuzzing").
 */
public class BondFrameCodecFuzzTest {
    /** The seed corpus: file name to content. */
    public static Map<String, byte[]> seeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        for (BondFrame frame : BondFrameFuzzTest.samples()) {
            seeds.put(frame.getClass().getSimpleName().toLowerCase(Locale.ROOT), BondFrameCodec.encode(frame));
        }
        SignedPeerEntry entry = BondFrameFuzzTest.entry(NodeIdentity.generate());
        seeds.put("catalog-of-two", BondFrameCodec.encode(new BondFrame.Catalog(List.of(entry, entry), true)));
        return seeds;
    }

    @Test
    void everySeedIsAFrameThatDecodes() {
        // a format change that turns the committed seeds into rejections would leave the fuzzer at the first check
        for (Map.Entry<String, byte[]> seed : seeds().entrySet()) {
            assertArrayEquals(seed.getValue(), BondFrameCodec.encode(BondFrameCodec.decode(seed.getValue())), seed.getKey());
        }
    }

    @FuzzTest(maxDuration = "2m")
    void decode(byte[] frame) {
        BondFrame decoded;
        try {
            decoded = BondFrameCodec.decode(frame);
        } catch (CodecException rejected) {
            return;
        }
        byte[] again = BondFrameCodec.encode(decoded);
        assertArrayEquals(frame, again, () -> HexFormat.of().formatHex(frame) + " decoded to " + decoded
                + ", which encodes differently");
    }
}
