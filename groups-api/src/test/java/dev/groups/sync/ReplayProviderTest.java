package dev.groups.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.id.PeerId;
import dev.groups.log.Index;
import dev.groups.log.IndexRange;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import dev.groups.sync.ReplayHarness.Node;
import dev.groups.sync.ReplayMessages.AvailabilityRequest;
import dev.groups.sync.ReplayMessages.AvailabilityResponse;
import dev.groups.sync.ReplayMessages.FetchEntriesRequest;
import dev.groups.sync.ReplayMessages.FetchEntriesResponse;
import dev.groups.sync.replay.EncodedEntry;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The serving side alone: a request goes in, the one answer is read from the queue. */
class ReplayProviderTest {
    private final ReplayHarness h = new ReplayHarness(new LogReplaySync<String>().withBatchSize(100), 3);
    private final Node server = h.node("S");
    private final Node asker = h.node("A");
    private final PeerId firstLeader = PeerId.fromHex("01".repeat(32));
    private final PeerId secondLeader = PeerId.fromHex("02".repeat(32));
    /** Terms 1, 2, 4 of 300, 250 and 450 entries (TermStarts at 1, 301 and 551). */
    private final History history = History.of()
            .term(1, firstLeader, 300, "a")
            .term(2, secondLeader, 250, "b")
            .term(4, firstLeader, 450, "c");

    ReplayProviderTest() {
        h.bondAll();
    }

    private LogReplaySync.Message ask(LogReplaySync.Message request) {
        assertTrue(server.provider.onMessage(asker.id, request, server.providerContext), "requests are the provider's");
        assertEquals(1, h.queue.size());
        return h.queue.remove(0).message(h.codec);
    }

    private FetchEntriesResponse fetch(long start, long end) {
        return (FetchEntriesResponse) ask(new FetchEntriesRequest(IndexRange.of(start, end)));
    }

    @Test
    void aFollowerAdvertisesItsCommittedEntriesOnly() {
        server.withLog(history.all(), 600);
        assertEquals(new AvailabilityResponse(IndexRange.of(1, 600)), ask(new AvailabilityRequest()));
    }

    @Test
    void theLeaderAdvertisesItsWholeLog() {
        server.withLog(history.all(), 600).leading();
        assertEquals(new AvailabilityResponse(IndexRange.of(1, 1_000)), ask(new AvailabilityRequest()));
    }

    @Test
    void aPrunedLogAdvertisesFromItsFirstRetrievableEntry() {
        server.withLog(history.all(), 1_000);
        server.log.prunePrefix(Index.of(400));
        assertEquals(new AvailabilityResponse(IndexRange.of(401, 1_000)), ask(new AvailabilityRequest()));
        assertTrue(fetch(350, 360).isNone(), "a range starting in the pruned prefix is not served");
    }

    @Test
    void aFetchIsCappedByTheBatchSizeAndCarriesThePreviousEntrysTermAndLeader() {
        server.withLog(history.all(), 1_000);

        FetchEntriesResponse r = fetch(320, 900);

        assertEquals(IndexRange.of(320, 419), r.range());
        assertEquals(Term.of(2), r.prevTerm());
        assertEquals(Optional.of(secondLeader), r.prevLeader(), "found by the TermStart at 301");
        List<EncodedEntry> expected = history.range(320, 419).stream()
                .map(e -> new EncodedEntry(e.term(), ReplayHarness.PAYLOADS.encode(e.command())))
                .toList();
        assertEquals(expected, r.entries());
    }

    @Test
    void aFetchIsCappedByWhatTheProviderServes() {
        server.withLog(history.all(), 560);

        FetchEntriesResponse r = fetch(540, 600);

        assertEquals(IndexRange.of(540, 560), r.range());
        assertEquals(Optional.of(secondLeader), r.prevLeader());
        assertEquals(Term.of(2), r.prevTerm());
    }

    @Test
    void theFirstEntryHasTheSentinelBeforeIt() {
        server.withLog(history.all(), 1_000);
        FetchEntriesResponse r = fetch(1, 1);
        assertEquals(Term.ZERO, r.prevTerm());
        assertEquals(Optional.empty(), r.prevLeader());
    }

    @Test
    void theLeaderOfAPrunedTermStartIsUnknown() {
        server.withLog(history.all(), 1_000);
        server.log.prunePrefix(Index.of(310)); // term 2's TermStart (301) is gone
        FetchEntriesResponse r = fetch(320, 330);
        assertEquals(Term.of(2), r.prevTerm());
        assertEquals(Optional.empty(), r.prevLeader());
        assertEquals(Optional.of(firstLeader), fetch(700, 700).prevLeader(), "term 4 still starts at 551");
    }

    /** Spec §10 item 6: mosaik answered {@code 0..=0}, which the session stored at key 0 for ever. */
    @Test
    void nothingToServeIsAnExplicitNoneForTheRequestedRange() {
        server.withLog(history.all(), 500);
        assertEquals(FetchEntriesResponse.none(IndexRange.of(501, 600)), fetch(501, 600));
        assertEquals(FetchEntriesResponse.none(IndexRange.of(9, 3)), fetch(9, 3));
        assertEquals(FetchEntriesResponse.none(IndexRange.of(0, 10)), fetch(0, 10));
    }

    @Test
    void aResponseIsCutAtTheByteBudget() {
        String big = "x".repeat(1 << 20);
        for (int i = 0; i < 6; i++) {
            server.log.append(LogPayload.Command.untagged(big), Term.ONE);
        }
        server.committed = server.log.last();

        FetchEntriesResponse r = fetch(1, 6);

        assertTrue(r.entries().size() >= 1 && r.entries().size() < 6, "cut to " + r.entries().size());
        assertTrue(r.entries().stream().mapToLong(e -> e.payload().length).sum() <= ReplayProvider.MAX_RESPONSE_PAYLOAD_BYTES);
    }

    @Test
    void responsesArePassedOnToTheSession() {
        server.withLog(history.all(), 1_000);
        assertFalse(server.provider.onMessage(asker.id, new AvailabilityResponse(IndexRange.of(1, 5)), server.providerContext));
        assertFalse(server.provider.onMessage(asker.id, FetchEntriesResponse.none(IndexRange.of(1, 5)), server.providerContext));
        assertTrue(h.queue.isEmpty());
    }
}
