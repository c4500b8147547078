package dev.groups.raft.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.groups.machine.CodecException;
import dev.groups.raft.core.RaftMessage;
import dev.groups.raft.core.RaftMessage.AppendEntries;
import dev.groups.raft.core.RaftMessage.ForwardCommands;
import dev.groups.raft.core.RaftMessage.SyncMessage;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Feeds over a million inputs, mostly mutated valid encodings, to the decoder. Each must either be
 * rejected with a {@link CodecException} or decode to a message that re-encodes to exactly the input
 * (the encoding is canonical), which bounds every decoded message by its input.
 *
 * <p>The seed is fixed; {@code -Dgroups.fuzz.seed=random} picks and prints a random one, and
 * {@code -Dgroups.fuzz.seed=<number>} replays one.
 */
class RaftCodecFuzzTest {
    private static final long DEFAULT_SEED = 0x5EED_C0DECL;
    private static final int INPUTS_PER_CODEC = 500_000;

    @Test
    void onlyCodecExceptionsEscapeAndDecodedMessagesAreCanonical() {
        long seed = seed();
        SplittableRandom random = new SplittableRandom(seed);
        Stats strings = fuzz(Samples.STRINGS, Samples.strings(), random, seed);
        Stats longs = fuzz(Samples.LONGS, Samples.longs(), random, seed);
        System.out.println("RaftCodecFuzzTest: seed " + seed + "; strings " + strings + "; longs " + longs);
        assertEquals(2 * INPUTS_PER_CODEC, strings.total() + longs.total());
        // The mutations must reach past the first fields: a fair share of inputs still decodes.
        assertTrue(strings.accepted > INPUTS_PER_CODEC / 100, () -> "seed " + seed + ": " + strings);
        assertTrue(longs.accepted > INPUTS_PER_CODEC / 100, () -> "seed " + seed + ": " + longs);
    }

    private static <C, Q, R> Stats fuzz(RaftCodec<C, Q, R> codec, List<RaftMessage<C, Q, R>> messages,
                                        SplittableRandom random, long seed) {
        List<byte[]> corpus = new ArrayList<>();
        for (RaftMessage<C, Q, R> message : messages) {
            corpus.add(codec.encode(message));
        }
        Mutator mutator = new Mutator(random);
        Stats stats = new Stats();
        for (int i = 0; i < INPUTS_PER_CODEC; i++) {
            byte[] input = random.nextInt(10) == 0
                    ? mutator.garbage()
                    : mutator.mutate(corpus.get(random.nextInt(corpus.size())));
            check(codec, input, stats, seed, i);
        }
        return stats;
    }

    private static <C, Q, R> void check(RaftCodec<C, Q, R> codec, byte[] input, Stats stats, long seed, int i) {
        RaftMessage<C, Q, R> message;
        try {
            message = codec.decode(input);
        } catch (CodecException e) {
            stats.rejected++;
            return;
        } catch (RuntimeException | Error e) {
            throw new AssertionError(describe(seed, i, input) + " threw " + e, e);
        }
        stats.accepted++;
        byte[] again = codec.encode(message);
        if (!Arrays.equals(input, again)) {
            fail(describe(seed, i, input) + " decoded to " + message + ", which encodes to " + HexFormat.of().formatHex(again));
        }
        if (items(message) > input.length) {
            fail(describe(seed, i, input) + " decoded to " + items(message) + " items");
        }
    }

    /** List items and payload bytes a message holds: never more than its input's bytes. */
    private static long items(RaftMessage<?, ?, ?> message) {
        if (message instanceof AppendEntries<?, ?, ?> m) {
            return m.entries().size();
        } else if (message instanceof ForwardCommands<?, ?, ?> m) {
            return m.commands().size();
        } else if (message instanceof SyncMessage<?, ?, ?> m) {
            return m.payload().length;
        }
        return 0;
    }

    private static String describe(long seed, int i, byte[] input) {
        return "seed " + seed + ", input " + i + " (" + HexFormat.of().formatHex(input) + ")";
    }

    private static long seed() {
        String property = System.getProperty("groups.fuzz.seed");
        if (property == null || property.isBlank()) {
            return DEFAULT_SEED;
        }
        if (property.equals("random")) {
            long seed = new SecureRandom().nextLong();
            System.out.println("RaftCodecFuzzTest: -Dgroups.fuzz.seed=" + seed);
            return seed;
        }
        return Long.parseLong(property);
    }

    private static final class Stats {
        long accepted;
        long rejected;

        long total() {
            return accepted + rejected;
        }

        @Override
        public String toString() {
            return accepted + " accepted, " + rejected + " rejected";
        }
    }
}
