package dev.groups.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.id.UniqueId;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LogReplaySyncTest {
    private final LogReplaySync<String> defaults = new LogReplaySync<>();

    @Test
    void defaultsAreThoseOfTheSpec() {
        assertEquals(2_000, defaults.batchSize());
        assertEquals(Duration.ofSeconds(25), defaults.fetchTimeout());
    }

    /**
     * Known answer computed independently (python3 hashlib):
     * {@code d = sha256(b"groups.log-replay-sync.v1"); d = sha256(d + pack("<Q", 2000)); d = sha256(d + pack("<Q", 25))}.
     */
    @Test
    void signatureIsAStableKnownAnswer() {
        assertEquals(UniqueId.of("db43b6f747bdbfcdd4a21c02acd57e662cf37a4775f5786a1f299abf47de28b9"), defaults.signature());
        assertEquals(UniqueId.of("218dedd4aa16e665dabd2fc3d9054ad8b5cc81c15dcc14fe02d5b623cc79e96b"),
                defaults.withBatchSize(500).signature());
        assertEquals(UniqueId.of("e67a0012c03296ad03a4b879e987c83f919bda1fee2522256e141437101fd7f4"),
                defaults.withFetchTimeout(Duration.ofSeconds(3)).signature());
    }

    @Test
    void signatureChangesWithEachSettingAndOnlyWithThem() {
        Set<UniqueId> distinct = Set.of(defaults.signature(), defaults.withBatchSize(2_001).signature(),
                defaults.withFetchTimeout(Duration.ofSeconds(26)).signature());
        assertEquals(3, distinct.size());
        assertEquals(defaults.signature(), new LogReplaySync<Long>().signature(), "no command type in it");
        assertEquals(defaults.signature(), defaults.withFetchTimeout(Duration.ofMillis(25_900)).signature(),
                "whole seconds only, as mosaik");
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> defaults.withBatchSize(0));
        assertThrows(IllegalArgumentException.class, () -> defaults.withBatchSize(-1));
        assertThrows(IllegalArgumentException.class, () -> defaults.withFetchTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> defaults.withFetchTimeout(Duration.ofSeconds(-1)));
        assertThrows(NullPointerException.class, () -> defaults.withFetchTimeout(null));
    }

    @Test
    void withersCopyAndValuesCompareBySettings() {
        LogReplaySync<String> small = defaults.withBatchSize(10);
        assertEquals(2_000, defaults.batchSize());
        assertEquals(10, small.batchSize());
        assertEquals(small, new LogReplaySync<String>().withBatchSize(10));
        assertEquals(small.hashCode(), new LogReplaySync<String>().withBatchSize(10).hashCode());
        assertNotEquals(defaults, small);
        assertTrue(small.toString().contains("batchSize=10"));
    }

    @Test
    void logReplayNeverLetsTheLogBePruned() {
        ReplayHarness h = new ReplayHarness(defaults, 1);
        ReplayHarness.Node node = h.node("A");
        assertTrue(node.provider.safeToPrunePrefix(node.providerContext).isEmpty());
    }
}
