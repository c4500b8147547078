package dev.groups.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.snapshot.internal.SnapshotCodecTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Settings, signature and message codec of {@link SnapshotSync}. */
class SnapshotSyncTest {
    private static SnapshotSync<Long> sync(SnapshotSettings settings) {
        return new SnapshotSync<>(new TestMachine(), settings);
    }

    @Test
    void settingsNameTheSettingTheyRefuse() {
        SnapshotSettings d = SnapshotSettings.defaults();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withInterval(0)).getMessage().contains("interval"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withChunkSize(0)).getMessage().contains("chunkSize"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withChunkSize(SnapshotSettings.MAX_CHUNK_SIZE + 1))
                .getMessage().contains("chunkSize"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withBatchSize(0)).getMessage().contains("batchSize"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withFetchTimeout(Duration.ZERO)).getMessage()
                .contains("fetchTimeout"));
        assertEquals(new SnapshotSettings(7, 0, SnapshotSettings.DEFAULT_TAIL, 8, 9, Duration.ofSeconds(3)),
                d.withInterval(7).withChunkSize(8).withBatchSize(9).withFetchTimeout(Duration.ofSeconds(3)));
    }

    @Test
    void theSignatureIsStableAndCoversTheWireLimitsOnly() {
        SnapshotSettings d = SnapshotSettings.defaults();
        assertEquals(sync(d).signature(), sync(d).signature(), "independent of the machine instance");
        for (SnapshotSettings v : List.of(d.withChunkSize(9), d.withBatchSize(9))) {
            assertNotEquals(sync(d).signature(), sync(v).signature(), "a different " + v);
        }
        for (SnapshotSettings v : List.of(d.withInterval(9), d.withLogBytes(9), d.withTail(9),
                d.withFetchTimeout(Duration.ofSeconds(9)))) {
            assertEquals(sync(d).signature(), sync(v).signature(), "each member's own policy: " + v);
        }
    }

    @Test
    void theMessageCodecFollowsTheSettings() {
        SnapshotSync<Long> small = sync(SnapshotSettings.defaults().withChunkSize(16).withBatchSize(4));
        for (SnapshotSync.Message m : SnapshotCodecTest.samples()) {
            assertEquals(m, small.messageCodec().decode(small.messageCodec().encode(m)));
        }
    }

    @Test
    void settingsRefuseANegativeTailOrBytesPolicy() {
        SnapshotSettings d = SnapshotSettings.defaults();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withTail(-1)).getMessage().contains("tail"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withLogBytes(-1)).getMessage().contains("logBytes"));
        SnapshotSync<Long> s = sync(d.withInterval(100));
        assertEquals(0, s.snapshotsTaken());
        assertEquals(0, s.snapshotsInstalled());
        assertTrue(s.lastSnapshot().isEmpty());
    }
}
