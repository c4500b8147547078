package dev.groups.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.groups.consensus.ConsensusConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Known-answer tests of the group id derivation. The expected values were computed once with an
 * independent implementation (Python hashlib); if one of these fails, group ids changed and nodes of
 * different versions can no longer bond: that must be a deliberate, announced change. The key is the
 * passphrase "kat-secret" stretched by {@link GroupKey#fromSecret(String)}:
 * {@code hashlib.pbkdf2_hmac('sha256', b'kat-secret', b'dev.groups.GroupKey.passphrase.v1', 600000)},
 * then the SHA-256 chain of {@link GroupId}; the consensus digests were printed by
 * {@code ConsensusConfig.digest()}, which its own tests pin.
 */
class GroupIdTest {
    private static final GroupKey KEY = GroupKey.fromSecret("kat-secret");
    private static final UniqueId MACHINE = UniqueId.of("kat.machine");
    private static final UniqueId SYNC = UniqueId.of("kat.sync");

    @Test
    void knownAnswerWithoutValidators() {
        GroupId id = GroupId.derive(KEY, ConsensusConfig.defaults().digest(), MACHINE, SYNC, List.of());
        assertEquals("7e1a2e6f5bb82bff3882fdd63ecb4638878cb614d8cc80c234769e4b87c23eb7", id.toString());
    }

    @Test
    void knownAnswerWithTwoValidatorsInOrder() {
        GroupId id = GroupId.derive(KEY, ConsensusConfig.defaults().digest(), MACHINE, SYNC,
                List.of(UniqueId.of("kat.v1"), UniqueId.of("kat.v2")));
        assertEquals("ee7e2abc7974706a247a35c0437b0305e1ce3674db26153c2a27565adafdb30d", id.toString());
    }

    @Test
    void validatorOrderMatters() {
        GroupId swapped = GroupId.derive(KEY, ConsensusConfig.defaults().digest(), MACHINE, SYNC,
                List.of(UniqueId.of("kat.v2"), UniqueId.of("kat.v1")));
        assertEquals("4fa19f5a799643f50c0ad01abd4b6ba0cdfe6b25b102fde1055aa31101bb3960", swapped.toString());
    }

    @Test
    void knownAnswerInStrictMode() {
        ConsensusConfig strict = ConsensusConfig.builder()
                .voters(PeerId.fromHex("01".repeat(32)), PeerId.fromHex("02".repeat(32)), PeerId.fromHex("03".repeat(32)))
                .build();
        GroupId id = GroupId.derive(KEY, strict.digest(), MACHINE, SYNC, List.of());
        assertEquals("002ac86c77ae3e4d555fdc0ff862716a84f928a5ed9f0930441c22ac47406887", id.toString());
    }

    @Test
    void perNodeSettingsDoNotChangeTheId() {
        ConsensusConfig other = ConsensusConfig.builder()
                .electionTimeout(Duration.ofSeconds(7))
                .electionTimeoutJitter(Duration.ofMillis(10))
                .bootstrapDelay(Duration.ZERO)
                .forwardTimeout(Duration.ofSeconds(9))
                .queryTimeout(Duration.ofSeconds(9))
                .build()
                .deprioritizeLeadership(4);
        assertEquals(GroupId.derive(KEY, ConsensusConfig.defaults().digest(), MACHINE, SYNC, List.of()),
                GroupId.derive(KEY, other.digest(), MACHINE, SYNC, List.of()));
    }

    @Test
    void everyInputChangesTheId() {
        GroupId base = GroupId.derive(KEY, ConsensusConfig.defaults().digest(), MACHINE, SYNC, List.of());
        assertNotEquals(base, GroupId.derive(GroupKey.fromSecret("other"), ConsensusConfig.defaults().digest(),
                MACHINE, SYNC, List.of()));
        assertNotEquals(base, GroupId.derive(KEY, ConsensusConfig.builder().maxMissedHeartbeats(11).build().digest(),
                MACHINE, SYNC, List.of()));
        assertNotEquals(base, GroupId.derive(KEY, ConsensusConfig.defaults().digest(), UniqueId.of("m2"), SYNC, List.of()));
        assertNotEquals(base, GroupId.derive(KEY, ConsensusConfig.defaults().digest(), MACHINE, UniqueId.of("s2"), List.of()));
        assertNotEquals(base, GroupId.derive(KEY, ConsensusConfig.defaults().digest(), MACHINE, SYNC,
                List.of(UniqueId.of("kat.v1"))));
    }

    @Test
    void hexRoundTrip() {
        GroupId id = GroupId.derive(KEY, ConsensusConfig.defaults().digest(), MACHINE, SYNC, List.of());
        assertEquals(id, GroupId.fromHex(id.toString()));
        assertEquals("7e1a2e6f", id.shortHex());
    }
}
