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
 * different versions can no longer bond: that must be a deliberate, announced change.
 */
class GroupIdTest {
    private static final GroupKey KEY = GroupKey.fromSecret("kat-secret");
    private static final UniqueId MACHINE = UniqueId.of("kat.machine");
    private static final UniqueId SYNC = UniqueId.of("kat.sync");

    @Test
    void knownAnswerWithoutValidators() {
        GroupId id = GroupId.derive(KEY, ConsensusConfig.defaults().digest(), MACHINE, SYNC, List.of());
        assertEquals("bb01b7b04ab35263b0ed682b06d5e0a039061eb83baa1e37eca246515443c962", id.toString());
    }

    @Test
    void knownAnswerWithTwoValidatorsInOrder() {
        GroupId id = GroupId.derive(KEY, ConsensusConfig.defaults().digest(), MACHINE, SYNC,
                List.of(UniqueId.of("kat.v1"), UniqueId.of("kat.v2")));
        assertEquals("aa926d80890b4167ea417ce9904db31077cb04a0e2d7745508ec08ffb6a9a094", id.toString());
    }

    @Test
    void validatorOrderMatters() {
        GroupId swapped = GroupId.derive(KEY, ConsensusConfig.defaults().digest(), MACHINE, SYNC,
                List.of(UniqueId.of("kat.v2"), UniqueId.of("kat.v1")));
        assertEquals("55333567f454c7b64ee75b26585dc5b017d8417ae317b6ddbca091ea870a8bee", swapped.toString());
    }

    @Test
    void knownAnswerInStrictMode() {
        ConsensusConfig strict = ConsensusConfig.builder().votingMembers(3).build();
        GroupId id = GroupId.derive(KEY, strict.digest(), MACHINE, SYNC, List.of());
        assertEquals("543a407d039f946a6dfc95fbf23a694e7b7ce80edcbac9d12c366f255108631d", id.toString());
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
        assertEquals("bb01b7b0", id.shortHex());
    }
}
