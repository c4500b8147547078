package dev.groups.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.id.PeerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsensusConfigTest {
    @Test
    void defaultsAreTheSpecs() {
        ConsensusConfig c = ConsensusConfig.defaults();
        assertEquals(Duration.ofMillis(500), c.heartbeatInterval());
        assertEquals(Duration.ofMillis(150), c.heartbeatJitter());
        assertEquals(10, c.maxMissedHeartbeats());
        assertEquals(Duration.ofSeconds(2), c.electionTimeout());
        assertEquals(Duration.ofMillis(500), c.electionTimeoutJitter());
        assertEquals(Duration.ofSeconds(3), c.bootstrapDelay());
        assertEquals(Duration.ofSeconds(2), c.forwardTimeout());
        assertEquals(Duration.ofSeconds(2), c.queryTimeout());
        assertFalse(c.isStrict());
        assertEquals(LeadershipPreference.normal(), c.leadershipPreference());
    }

    @Test
    void digestKnownAnswers() {
        // SHA-256(u128le(500) ‖ u128le(150) ‖ u128le(10)), computed with Python hashlib.
        assertEquals("b8e4a09598188f0a5d56123a6684437e792bb1c81779d13926b9dc7a25c2631c",
                ConsensusConfig.defaults().digest().toString());
        // ‖ u128le(3) ‖ 01×32 ‖ 02×32 ‖ 03×32: the founding voters in ascending order, whatever order given.
        assertEquals("c1b5d90291dd8af69bf2dff6a4e048ca272e01c99268ae734145a918db800675",
                ConsensusConfig.builder().voters(voter(3), voter(1), voter(2)).build().digest().toString());
        ConsensusConfig fast = ConsensusConfig.builder()
                .heartbeatInterval(Duration.ofMillis(50)).heartbeatJitter(Duration.ofMillis(10))
                .maxMissedHeartbeats(5).electionTimeout(Duration.ofMillis(200)).build();
        assertEquals("d9def7301d17421fc9e840b901dc5f0c8ceec04070d3cbcb9cf582bfd94af387", fast.digest().toString());
    }

    @Test
    void digestIgnoresPerNodeSettings() {
        ConsensusConfig other = ConsensusConfig.builder().electionTimeout(Duration.ofSeconds(9))
                .bootstrapDelay(Duration.ZERO).leadershipPreference(LeadershipPreference.observer()).build();
        assertEquals(ConsensusConfig.defaults().digest(), other.digest());
        assertNotEquals(ConsensusConfig.defaults().digest(),
                ConsensusConfig.builder().voters(voter(1)).build().digest());
        assertNotEquals(ConsensusConfig.builder().voters(voter(1), voter(2)).build().digest(),
                ConsensusConfig.builder().voters(voter(1), voter(3)).build().digest(), "the voters' identities count");
    }

    @Test
    void zeroOrNegativeJitterIsRejectedWithTheSettingsName() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ConsensusConfig.builder().heartbeatJitter(Duration.ZERO).build());
        assertTrue(e.getMessage().contains("heartbeatJitter"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ConsensusConfig.builder().electionTimeoutJitter(Duration.ZERO).build());
        assertTrue(e.getMessage().contains("electionTimeoutJitter"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ConsensusConfig.builder().electionTimeoutJitter(Duration.ofMillis(-1)).build());
        assertThrows(IllegalArgumentException.class,
                () -> ConsensusConfig.builder().heartbeatJitter(Duration.ofMillis(-5)).build());
    }

    @Test
    void jitterMustStayBelowTheInterval() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ConsensusConfig.builder().heartbeatJitter(Duration.ofMillis(500)).build());
        assertTrue(e.getMessage().contains("less than heartbeatInterval"), e.getMessage());
    }

    @Test
    void electionTimeoutMustExceedHeartbeatInterval() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ConsensusConfig.builder().electionTimeout(Duration.ofMillis(500)).build());
        assertTrue(e.getMessage().contains("electionTimeout must be greater than heartbeatInterval"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ConsensusConfig.builder().heartbeatInterval(Duration.ofSeconds(3)).build());
    }

    @Test
    void otherInvalidSettings() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ConsensusConfig.builder().maxMissedHeartbeats(0).build());
        assertTrue(e.getMessage().contains("maxMissedHeartbeats"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConsensusConfig.builder().voters(List.of()).build());
        List<PeerId> tooMany = new ArrayList<>();
        for (int i = 0; i <= ConsensusConfig.MAX_VOTERS; i++) {
            byte[] raw = new byte[32];
            raw[0] = (byte) i;
            raw[1] = (byte) (i >> 8);
            tooMany.add(PeerId.fromBytes(raw));
        }
        assertThrows(IllegalArgumentException.class, () -> ConsensusConfig.builder().voters(tooMany).build());
        assertThrows(IllegalArgumentException.class,
                () -> ConsensusConfig.builder().bootstrapDelay(Duration.ofMillis(-1)).build());
        assertThrows(IllegalArgumentException.class,
                () -> ConsensusConfig.builder().forwardTimeout(Duration.ZERO).build());
        assertThrows(IllegalArgumentException.class,
                () -> ConsensusConfig.builder().queryTimeout(Duration.ZERO).build());
        assertThrows(NullPointerException.class, () -> ConsensusConfig.builder().electionTimeout(null).build());
        assertThrows(IllegalArgumentException.class, () -> LeadershipPreference.reluctant(0));
    }

    @Test
    void bootstrapDelayMayBeZero() {
        assertEquals(Duration.ZERO, ConsensusConfig.builder().bootstrapDelay(Duration.ZERO).build().bootstrapDelay());
    }

    @Test
    void deprioritizeLeadership() {
        assertEquals(new LeadershipPreference.Reluctant(3),
                ConsensusConfig.defaults().deprioritizeLeadership().leadershipPreference());
        assertEquals(new LeadershipPreference.Reluctant(5),
                ConsensusConfig.defaults().deprioritizeLeadership(5).leadershipPreference());
        assertEquals(5, ConsensusConfig.defaults().deprioritizeLeadership(5).leadershipPreference().timeoutFactor());
    }

    @Test
    void strictAndBackToDynamic() {
        ConsensusConfig strict = ConsensusConfig.builder().voters(voter(2), voter(1), voter(2)).build();
        assertTrue(strict.isStrict());
        assertEquals(List.of(voter(1), voter(2)), List.copyOf(strict.voters()));
        assertThrows(UnsupportedOperationException.class, () -> strict.voters().add(voter(3)));
        assertFalse(strict.toBuilder().dynamicMembership().build().isStrict());
        assertEquals(strict, strict.toBuilder().build());
    }

    @Test
    void leadershipPreferencesCombineToTheMostReluctant() {
        var normal = LeadershipPreference.normal();
        var r3 = LeadershipPreference.reluctant();
        var r5 = LeadershipPreference.reluctant(5);
        var obs = LeadershipPreference.observer();
        assertEquals(r3, LeadershipPreference.strongest(normal, r3));
        assertEquals(r5, LeadershipPreference.strongest(r5, r3));
        assertEquals(obs, LeadershipPreference.strongest(r5, obs));
        assertEquals(normal, LeadershipPreference.strongest(normal, normal));
        assertFalse(obs.mayLead());
        assertTrue(r5.mayLead());
        assertEquals(1, normal.timeoutFactor());
    }

    private static PeerId voter(int fill) {
        byte[] raw = new byte[32];
        java.util.Arrays.fill(raw, (byte) fill);
        return PeerId.fromBytes(raw);
    }
}
