package dev.groups.raft.discovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.groups.id.Digest;
import dev.groups.id.GroupId;
import dev.groups.id.NetworkId;
import dev.groups.id.NodeIdentity;
import dev.groups.id.UniqueId;
import dev.groups.machine.CodecException;
import dev.groups.tickets.Ticket;
import dev.groups.transport.Endpoint;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of signed peer entries as a catalog carries them: entry after entry, each
 * parsed for structure first ({@link SignedPeerEntry#parseUnverified}) and then checked
 * ({@link SignedPeerEntry#decode}), until the input is used up. The contract under test: malformed or
 * forged entries are rejected with {@link CodecException} (any other exception is a finding); a parsed
 * entry re-encodes to exactly the bytes it was read from; and the verifying decoder either rejects those
 * bytes or yields the same entry.
 *
 * <p>Signatures stop the fuzzer at {@code decode}, so the structure parser is what it explores; catalog
 * frames as a whole are fuzzed by {@code BondFrameCodecFuzzTest}. The default build replays
 * {@code SignedPeerEntryFuzzTestInputs/parse/}; {@code -Pfuzz} fuzzes it (README, "Fuzzing").
 */
public class SignedPeerEntryFuzzTest {
    /** The seed corpus: file name to content. */
    public static Map<String, byte[]> seeds() {
        NodeIdentity a = NodeIdentity.generate();
        NodeIdentity b = NodeIdentity.generate();
        SignedPeerEntry bare = SignedPeerEntry.sign(new PeerEntry(a.peerId(), NetworkId.of("n"), 1, 1, List.of(),
                new TreeSet<>(), new TreeSet<>()), a);
        SignedPeerEntry full = SignedPeerEntry.sign(new PeerEntry(b.peerId(), NetworkId.of("n"), 1_000, 7,
                List.of(new Endpoint("127.0.0.1", 7400), new Endpoint("node-b.example", 65535)),
                new TreeSet<>(List.of(new GroupId(Digest.of("g1")), new GroupId(Digest.of("g2")))),
                new TreeSet<>(List.of(new Ticket(UniqueId.of("t"), new byte[] {1, 2, 3}),
                        new Ticket(UniqueId.of("groups.tickets.jwt.v1"), "a.b.c".getBytes())))), b);
        ByteArrayOutputStream catalog = new ByteArrayOutputStream();
        catalog.writeBytes(bare.encode());
        catalog.writeBytes(full.encode());
        catalog.writeBytes(bare.encode());
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("bare-entry", bare.encode());
        seeds.put("full-entry", full.encode());
        seeds.put("three-entries", catalog.toByteArray());
        return seeds;
    }

    @Test
    void everySeedHoldsOnlyAuthenticEntries() {
        for (Map.Entry<String, byte[]> seed : seeds().entrySet()) {
            ByteBuffer in = ByteBuffer.wrap(seed.getValue());
            int entries = 0;
            while (in.hasRemaining()) {
                SignedPeerEntry.decode(in);
                entries++;
            }
            assertEquals(seed.getKey().equals("three-entries") ? 3 : 1, entries, seed.getKey());
        }
    }

    @FuzzTest(maxDuration = "2m")
    void parse(byte[] catalog) {
        ByteBuffer in = ByteBuffer.wrap(catalog);
        while (in.hasRemaining()) {
            int start = in.position();
            SignedPeerEntry parsed;
            try {
                parsed = SignedPeerEntry.parseUnverified(in);
            } catch (CodecException rejected) {
                return;
            }
            byte[] consumed = Arrays.copyOfRange(catalog, start, in.position());
            assertArrayEquals(consumed, parsed.encode(), "an entry must re-encode to the bytes it came from");
            SignedPeerEntry verified;
            try {
                verified = SignedPeerEntry.decode(ByteBuffer.wrap(consumed));
            } catch (CodecException forged) {
                continue;
            }
            assertEquals(parsed.entry(), verified.entry());
            assertEquals(parsed.digest(), verified.digest());
        }
    }
}
