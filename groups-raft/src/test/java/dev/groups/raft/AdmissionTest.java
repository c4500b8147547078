package dev.groups.raft;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.id.NodeIdentity;
import dev.groups.id.PeerId;
import dev.groups.transport.Endpoint;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The node's manners, on a clock the test moves. */
class AdmissionTest {
    private long now = 1_000_000;
    private final Endpoint a = new Endpoint("10.0.0.1", 7400);
    private final Endpoint b = new Endpoint("10.0.0.2", 7400);

    private static PeerId peer() {
        return NodeIdentity.generate().peerId();
    }

    private Admission admission(AdmissionLimits limits) {
        return new Admission(limits, () -> now);
    }

    @Test
    void anAddressIsDialedWithinItsBudget() {
        Admission adm = admission(AdmissionLimits.builder().dialBudgetPerAddress(2, Duration.ofSeconds(5)).build());
        assertTrue(adm.mayDial(peer(), a));
        assertTrue(adm.mayDial(peer(), a));
        assertFalse(adm.mayDial(peer(), a), "the burst is spent: forged entries pointing here get no more");
        assertTrue(adm.mayDial(peer(), b), "another address has its own budget");
        now += 5_000;
        assertTrue(adm.mayDial(peer(), a), "one more per refill period");
        assertFalse(adm.mayDial(peer(), a));
    }

    @Test
    void allAddressesTogetherStayWithinTheGlobalBudget() {
        Admission adm = admission(AdmissionLimits.builder().dialBudgetGlobal(3, Duration.ofSeconds(1)).build());
        int allowed = 0;
        for (int i = 0; i < 50; i++) {
            allowed += adm.mayDial(peer(), new Endpoint("10.0.1." + i, 1)) ? 1 : 0;
        }
        assertTrue(allowed == 3, "global burst of 3, got " + allowed);
        now += 1_000;
        assertTrue(adm.mayDial(peer(), new Endpoint("10.0.2.1", 1)));
    }

    @Test
    void failedDialsBackOffDoublingUpToTheMaximum() {
        Admission adm = admission(AdmissionLimits.builder().dialBackoffMax(Duration.ofSeconds(4)).build());
        PeerId p = peer();
        adm.dialFailed(a); // 1 s
        assertFalse(adm.mayDial(p, a));
        now += 1_001;
        assertTrue(adm.mayDial(p, a));
        adm.dialFailed(a); // 2 s
        now += 1_500;
        assertFalse(adm.mayDial(p, a));
        now += 600;
        assertTrue(adm.mayDial(p, a));
        adm.dialFailed(a); // 4 s
        adm.dialFailed(a); // still 4 s: capped
        now += 4_001;
        assertTrue(adm.mayDial(p, a));
    }

    @Test
    void anAddressThatFailedTheHandshakeIsLeftAloneUntilABondOpensThere() {
        Admission adm = admission(AdmissionLimits.builder().failedHandshakeBlock(Duration.ofHours(1)).build());
        PeerId p = peer();
        adm.handshakeFailed(a);
        now += 59 * 60_000;
        assertFalse(adm.mayDial(p, a), "blocked for the whole hour");
        now += 2 * 60_000;
        assertTrue(adm.mayDial(p, a));
        adm.handshakeFailed(a);
        PeerId member = peer();
        adm.bondOpened(member, a); // the member reached us itself: the address works
        assertTrue(adm.mayDial(peer(), a));
    }

    @Test
    void aBondedPeerIsExemptWhileBonded() {
        Admission adm = admission(AdmissionLimits.builder().dialBudgetPerAddress(1, Duration.ofHours(1)).build());
        PeerId p = peer();
        assertTrue(adm.mayDial(p, a));
        assertFalse(adm.mayDial(p, a));
        adm.bondOpened(p, null);
        adm.bondOpened(p, null);
        for (int i = 0; i < 10; i++) {
            assertTrue(adm.mayDial(p, a), "more groups with a proven peer cost no new handshake");
        }
        adm.bondClosed(p);
        assertTrue(adm.mayDial(p, a), "one bond still open");
        adm.bondClosed(p);
        assertFalse(adm.mayDial(p, a));
    }

    @Test
    void wrongProofsLimitTheIdentityAndTheAddressForThePenalty() {
        Admission adm = admission(AdmissionLimits.builder().failedProofs(2, Duration.ofSeconds(60)).build());
        PeerId p = peer();
        adm.proofFailed(p, a);
        assertFalse(adm.isLimited(p, a), "one failure is tolerated");
        adm.proofFailed(p, a);
        assertTrue(adm.isLimited(p, a));
        assertTrue(adm.isLimited(peer(), a), "a new identity from the same address");
        assertTrue(adm.isLimited(p, b), "the same identity from another address");
        assertFalse(adm.isLimited(peer(), b));
        now += 60_001;
        assertFalse(adm.isLimited(p, a), "the penalty ends");
    }

    @Test
    void theFailureTableIsBounded() {
        Admission adm = admission(AdmissionLimits.builder().failedProofs(1, Duration.ofSeconds(60))
                .failedProofTableSize(4).build());
        PeerId first = peer();
        adm.proofFailed(first, a);
        assertTrue(adm.isLimited(first, null));
        for (int i = 0; i < 10; i++) {
            adm.proofFailed(peer(), new Endpoint("10.9.0." + i, 1));
        }
        assertFalse(adm.isLimited(first, null), "the oldest entries were forgotten: the table holds 4");
    }

    @Test
    void settingsOutOfRangeNameTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AdmissionLimits.builder().catalogPageBytes(100).build());
        assertTrue(e.getMessage().contains("catalogPageBytes"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> AdmissionLimits.builder().dialBudgetGlobal(0, Duration.ofSeconds(1)).build());
    }
}
