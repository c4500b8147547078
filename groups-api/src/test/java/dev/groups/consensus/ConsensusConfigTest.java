package dev.groups.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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
        assertEquals("8a4f90d3c5eb59deb4dd3af6fa388499420e2f0a62eacd58475f6fba64b31794",
                ConsensusConfig.builder().votingMembers(3).build().digest().toString());
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
                ConsensusConfig.builder().votingMembers(5).build().digest());
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
        assertThrows(IllegalArgumentException.class, () -> ConsensusConfig.builder().votingMembers(0).build());
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
        ConsensusConfig strict = ConsensusConfig.builder().votingMembers(3).build();
        assertTrue(strict.isStrict());
        assertEquals(3, strict.votingMembers().getAsInt());
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
}
