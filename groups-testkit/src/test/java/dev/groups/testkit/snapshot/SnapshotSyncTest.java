package dev.groups.testkit.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.testkit.kv.KvCommand;
import dev.groups.testkit.kv.KvStateMachine;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Settings, signature and message codec of {@link SnapshotSync}. */
class SnapshotSyncTest {
    private static SnapshotSync<KvCommand> sync(SnapshotSettings settings) {
        return new SnapshotSync<>(new KvStateMachine(), settings);
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
        assertEquals(new SnapshotSettings(7, 8, 9, Duration.ofSeconds(3)),
                d.withInterval(7).withChunkSize(8).withBatchSize(9).withFetchTimeout(Duration.ofSeconds(3)));
    }

    @Test
    void theSignatureIsStableAndCoversEverySharedSetting() {
        SnapshotSettings d = SnapshotSettings.defaults();
        assertEquals(sync(d).signature(), sync(d).signature(), "independent of the machine instance");
        List<SnapshotSettings> variants = List.of(d.withInterval(9), d.withChunkSize(9), d.withBatchSize(9),
                d.withFetchTimeout(Duration.ofSeconds(9)));
        for (SnapshotSettings v : variants) {
            assertNotEquals(sync(d).signature(), sync(v).signature(), "a different " + v);
        }
        assertEquals(sync(d).signature(), sync(d.withFetchTimeout(d.fetchTimeout().plusMillis(300))).signature(),
                "only whole seconds of the timeout count");
    }

    @Test
    void theMessageCodecFollowsTheSettings() {
        SnapshotSync<KvCommand> small = sync(SnapshotSettings.defaults().withChunkSize(16).withBatchSize(4));
        for (SnapshotSync.Message m : SnapshotCodecTest.samples()) {
            assertEquals(m, small.messageCodec().decode(small.messageCodec().encode(m)));
        }
    }

    @Test
    void aKvMachineCanCarryASnapshotSync() {
        SnapshotSettings settings = SnapshotSettings.defaults().withInterval(100);
        KvStateMachine machine = new KvStateMachine(m -> new SnapshotSync<>(m, settings));
        SnapshotSync<?> s = (SnapshotSync<?>) machine.stateSync();
        assertEquals(settings, s.settings());
        assertEquals(0, s.snapshotsTaken());
        assertEquals(0, s.snapshotsInstalled());
    }
}
