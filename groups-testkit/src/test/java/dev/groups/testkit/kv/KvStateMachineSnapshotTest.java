package dev.groups.testkit.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.groups.machine.CodecException;
import dev.groups.sync.LogReplaySync;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The key-value machine's snapshots: deterministic, exact, atomic on bad input. */
class KvStateMachineSnapshotTest {
    private static KvStateMachine with(String... keysAndValues) {
        KvStateMachine m = new KvStateMachine();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.apply(new KvCommand.Put(keysAndValues[i], Long.parseLong(keysAndValues[i + 1])), null);
        }
        return m;
    }

    @Test
    void equalMapsGiveEqualBytesWhateverTheirHistory() {
        KvStateMachine a = with("b", "2", "a", "1", "é", "-3");
        KvStateMachine b = with("a", "9", "é", "-3", "a", "1", "b", "2", "gone", "5");
        b.apply(new KvCommand.Delete("gone"), null);
        assertArrayEquals(a.snapshot(), b.snapshot());
    }

    @Test
    void restoreReproducesTheState() {
        KvStateMachine source = with("x", "1", "y", String.valueOf(Long.MIN_VALUE), "", "0", "k".repeat(1024), "7");
        KvStateMachine target = with("stale", "1");
        target.restore(source.snapshot());
        assertEquals(source.contents(), target.contents());
        assertEquals(source.stateDigest(), target.stateDigest());
        target.restore(new KvStateMachine().snapshot());
        assertEquals(Map.of(), target.contents());
    }

    @Test
    void malformedSnapshotsAreRejectedAndChangeNothing() {
        KvStateMachine m = with("keep", "1");
        byte[] good = with("a", "1", "b", "2").snapshot();
        byte[] unsorted = with("a", "1", "b", "2").snapshot();
        unsorted[4 + 2] = 'c'; // first key "c" > second key "b"
        for (byte[] bad : new byte[][] {new byte[0], {0, 0, 0}, Arrays.copyOf(good, good.length - 1),
                Arrays.copyOf(good, good.length + 1), unsorted, {0, 0, 0, 1, 0, 0}, {(byte) 0xff, (byte) 0xff, 0, 0}}) {
            assertThrows(CodecException.class, () -> m.restore(bad), Arrays.toString(bad));
            assertEquals(Map.of("keep", 1L), m.contents());
        }
    }

    @Test
    void randomBytesAreOnlyEverACodecException() {
        SplittableRandom random = new SplittableRandom(5);
        byte[] good = with("alpha", "1", "beta", "2", "gamma", "3").snapshot();
        for (int i = 0; i < 20_000; i++) {
            byte[] input;
            if (i % 2 == 0) {
                input = new byte[random.nextInt(40)];
                random.nextBytes(input);
            } else {
                input = good.clone();
                input[random.nextInt(input.length)] = (byte) random.nextInt(256);
            }
            KvStateMachine m = new KvStateMachine();
            try {
                m.restore(input);
                assertArrayEquals(input, m.snapshot(), "what restores is canonical");
            } catch (CodecException expected) {
                assertEquals(Map.of(), m.contents());
            } catch (RuntimeException e) {
                fail("restoring " + Arrays.toString(input) + " threw " + e, e);
            }
        }
    }

    @Test
    void theExistingConstructorsStillReplayTheLog() {
        assertInstanceOf(LogReplaySync.class, new KvStateMachine().stateSync());
        LogReplaySync<KvCommand> sync = new LogReplaySync<KvCommand>().withBatchSize(3);
        assertEquals(sync, new KvStateMachine(sync).stateSync());
        assertEquals(sync, new KvStateMachine(machine -> sync).stateSync());
    }
}
