package dev.groups.tickets.tdx;

import static dev.groups.tickets.tdx.FixtureQuoteTest.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** A policy states which TDs it admits: no measurement criteria only when said so explicitly. */
class TdxPolicyTest {
    private static final MeasurementCriteria FIXTURE_MRTD = MeasurementCriteria.builder().mrtd(Fixtures.MRTD).build();
    private static final MeasurementCriteria OTHER_MRTD = MeasurementCriteria.builder().mrtd("00".repeat(48)).build();

    @Test
    void aPolicyWithoutMeasurementCriteriaIsRefusedAtBuildTime() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TdxPolicy.builder().build());
        assertTrue(e.getMessage().contains("a TDX policy needs measurement criteria")
                && e.getMessage().contains("acceptAnyMeasurements()"), e.getMessage());
        // other settings do not make up for missing criteria, nor does an explicit empty baseline
        assertThrows(IllegalStateException.class, () -> TdxPolicy.builder().maxAge(Duration.ofHours(1)).requireCollateral(true).build());
        assertThrows(IllegalStateException.class, () -> TdxPolicy.builder().baseline(MeasurementCriteria.any()).build());
    }

    @Test
    void anAlternativeWithoutRegistersIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TdxPolicy.builder().allowAlternative(MeasurementCriteria.any()));
        assertTrue(e.getMessage().contains("an alternative must require at least one register"), e.getMessage());
    }

    @Test
    void acceptAnyMeasurementsAdmitsAnyGenuineTd() {
        TdxPolicy any = TdxPolicy.builder().acceptAnyMeasurements().build();
        assertTrue(any.acceptsAnyMeasurements());
        assertTrue(new TdxQuoteVerifier(any).verify(Fixtures.quote(), Fixtures.VALID_AT).isVerified());
    }

    @Test
    void criteriaApplyInFullEvenWhenAcceptAnyMeasurementsWasCalled() {
        TdxPolicy pinned = TdxPolicy.builder().acceptAnyMeasurements().baseline(OTHER_MRTD).build();
        assertFalse(pinned.acceptsAnyMeasurements());
        assertTrue(rejected(new TdxQuoteVerifier(pinned).verify(Fixtures.quote(), Fixtures.VALID_AT))
                .contains("measurements do not match the baseline"));
        // the statement changes what build() allows, not what the policy admits, so it is not in the group id
        assertEquals(TdxPolicy.builder().baseline(OTHER_MRTD).build().signature(), pinned.signature());
        assertEquals(pinned.signature(), TdxPolicy.builder().baseline(OTHER_MRTD).acceptAnyMeasurements().build().signature());
    }

    @Test
    void aCopyOfAnAnyPolicyThatGainsCriteriaIsJudgedByThem() {
        TdxPolicy any = TdxPolicy.builder().acceptAnyMeasurements().build();
        TdxPolicy narrowed = any.toBuilder().allowAlternative(OTHER_MRTD).build();
        assertFalse(narrowed.acceptsAnyMeasurements());
        assertTrue(rejected(new TdxQuoteVerifier(narrowed).verify(Fixtures.quote(), Fixtures.VALID_AT))
                .contains("match none of the 1 allowed alternatives"));
        TdxPolicy matching = any.toBuilder().allowAlternative(OTHER_MRTD).allowAlternative(FIXTURE_MRTD).build();
        assertTrue(new TdxQuoteVerifier(matching).verify(Fixtures.quote(), Fixtures.VALID_AT).isVerified());
        // a copy of a policy with criteria keeps needing them: it is not silently turned into an "any" policy
        TdxPolicy pinned = TdxPolicy.builder().baseline(FIXTURE_MRTD).build();
        assertThrows(IllegalStateException.class, () -> pinned.toBuilder().baseline(MeasurementCriteria.any()).build());
    }

    @Test
    void theReadmesProductionPolicyBuildsAndAdmitsOnlyThePinnedTd() {
        TdxPolicy production = TdxPolicy.builder()
                .baseline(MeasurementCriteria.builder().mrtd(Fixtures.MRTD).rtmr(0, Fixtures.RTMR0).build())
                .requireCollateral(true)
                .acceptTcbStatuses(EnumSet.of(TcbStatus.UP_TO_DATE))
                .maxAge(Duration.ofHours(24))
                .maxLifetime(Duration.ofDays(7))
                .build();
        assertFalse(production.acceptsAnyMeasurements());
        assertFalse(production.allowDebug());
        assertEquals(TdxPolicy.intelRoot(), production.pinnedRoot());
        // without collateral it refuses even the genuine, pinned fixture quote
        assertEquals("the policy requires collateral (TCB info, QE identity and CRLs) and none was supplied",
                rejected(new TdxQuoteVerifier(production).verify(Fixtures.quote(), Fixtures.VALID_AT)));
        assertTrue(production.measurementMismatch(assertInstanceOf(VerifiedQuote.class, new TdxQuoteVerifier(
                TdxPolicy.builder().acceptAnyMeasurements().build()).verify(Fixtures.quote(), Fixtures.VALID_AT)).report()).isEmpty());
    }
}
