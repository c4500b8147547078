package dev.groups.node.machines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.groups.machine.CodecException;
import dev.groups.machine.Unit;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The built-in machines write their state as a snapshot stream and read it back; bad bytes change nothing. */
class BuiltInSnapshotsTest {
    private static byte[] snapshot(dev.groups.snapshot.Snapshottable m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeSnapshot(out);
        return out.toByteArray();
    }

    @Test
    void theKvMapRoundTripsAndRefusesATruncatedSnapshotWithoutChangingItsState() throws IOException {
        KvMapMachine a = new KvMapMachine();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 500; i++) {
            a.apply(random.nextInt(5) == 0 ? new KvMapMachine.Delete("k" + random.nextInt(100))
                    : new KvMapMachine.Put("k" + random.nextInt(100), "välue " + random.nextLong()), null);
        }
        byte[] bytes = snapshot(a);
        KvMapMachine b = new KvMapMachine();
        b.restoreSnapshot(new ByteArrayInputStream(bytes));
        assertEquals(a.query(new KvMapMachine.Summary()), b.query(new KvMapMachine.Summary()));
        assertArrayEquals(bytes, snapshot(b), "equal maps, equal bytes");

        KvMapMachine c = new KvMapMachine();
        c.apply(new KvMapMachine.Put("keep", "me"), null);
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);
        assertThrows(CodecException.class, () -> c.restoreSnapshot(new ByteArrayInputStream(truncated)));
        byte[] huge = {0, 0, 0, 1, 0x7f, 0, 0, 0};
        assertThrows(CodecException.class, () -> c.restoreSnapshot(new ByteArrayInputStream(huge)));
        assertEquals("me", c.query(new KvMapMachine.Get("keep")).orElseThrow(), "unchanged");
    }

    @Test
    void theCounterRoundTripsAndRefusesAnythingButEightBytes() throws IOException {
        CounterMachine a = new CounterMachine();
        a.apply(-42L, null);
        CounterMachine b = new CounterMachine();
        b.restoreSnapshot(new ByteArrayInputStream(snapshot(a)));
        assertEquals(-42L, b.query(Unit.INSTANCE));
        assertThrows(CodecException.class, () -> b.restoreSnapshot(new ByteArrayInputStream(new byte[7])));
        assertThrows(CodecException.class, () -> b.restoreSnapshot(new ByteArrayInputStream(new byte[9])));
        assertEquals(-42L, b.query(Unit.INSTANCE), "unchanged");
    }
}
