package dev.groups.tickets.jwt;

import static dev.groups.tickets.jwt.Fixtures.ES256_PUBLIC;
import static dev.groups.tickets.jwt.Fixtures.ES256_SIGNER;
import static dev.groups.tickets.jwt.Fixtures.HOLDER;
import static dev.groups.tickets.jwt.Fixtures.NOW;
import static dev.groups.tickets.jwt.Fixtures.PEER;
import static dev.groups.tickets.jwt.Fixtures.assertInvalid;
import static dev.groups.tickets.jwt.Fixtures.assertValid;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.groups.tickets.Expiration;
import dev.groups.tickets.Ticket;
import dev.groups.tickets.TicketVerdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The cache of verified tokens: bounded, never a verdict by itself, never polluted by bad tokens. */
class VerificationCacheTest {
    private static final Expiration MINUTE = Expiration.at(NOW.plusSeconds(60));

    private static Ticket minuteTicket() {
        return JwtTicketBuilder.with(ES256_SIGNER).expiresAt(MINUTE).build(PEER, NOW);
    }

    @Test
    void aCachedTicketStillExpiresAgainstTheGivenNow() {
        Jwt jwt = Jwt.withKey(Es256.hex(ES256_PUBLIC)).build();
        Ticket ticket = minuteTicket();
        assertValid(jwt.validate(ticket, HOLDER, NOW), MINUTE);
        assertEquals(1, jwt.cachedTokens());
        assertValid(jwt.validate(ticket, HOLDER, NOW.plusSeconds(59)), MINUTE);
        assertInvalid(jwt.validate(ticket, HOLDER, NOW.plusSeconds(60)), "expired");
        assertInvalid(jwt.validate(ticket, HOLDER, NOW.plusSeconds(3600)), "expired");
        // an earlier now is judged again too, e.g. against nbf and max age
        Jwt aged = Jwt.withKey(Es256.hex(ES256_PUBLIC)).maxAge(Duration.ofSeconds(10)).build();
        assertValid(aged.validate(ticket, HOLDER, NOW.plusSeconds(10)), MINUTE);
        assertInvalid(aged.validate(ticket, HOLDER, NOW.plusSeconds(11)), "ago");
    }

    @Test
    void aCachedTicketIsStillBoundToItsHolder() {
        Jwt jwt = Jwt.withKey(Es256.hex(ES256_PUBLIC)).build();
        Ticket ticket = minuteTicket();
        assertValid(jwt.validate(ticket, HOLDER, NOW), MINUTE);
        assertInvalid(jwt.validate(ticket, Fixtures.OTHER_HOLDER, NOW), "subject");
    }

    @Test
    void onlyVerifiedTokensAreCachedAndTheCacheIsBounded() {
        Jwt jwt = Jwt.withKey(Fixtures.HS256).cacheSize(3).build();
        assertInvalid(jwt.validate(Fixtures.hourTicket(Fixtures.HS256_OTHER), HOLDER, NOW), "signature");
        assertInvalid(jwt.validate(Fixtures.ticket("garbage"), HOLDER, NOW), "three");
        assertEquals(0, jwt.cachedTokens());
        for (int i = 0; i < 10; i++) {
            Ticket t = JwtTicketBuilder.with(Fixtures.HS256).tokenId("t" + i).expiresAt(MINUTE).build(PEER, NOW);
            assertValid(jwt.validate(t, HOLDER, NOW), MINUTE);
        }
        assertEquals(3, jwt.cachedTokens());
    }

    @Test
    void cachingCanBeTurnedOff() {
        Jwt jwt = Jwt.withKey(Es256.hex(ES256_PUBLIC)).cacheSize(0).build();
        Ticket ticket = minuteTicket();
        assertValid(jwt.validate(ticket, HOLDER, NOW), MINUTE);
        assertValid(jwt.validate(ticket, HOLDER, NOW), MINUTE);
        assertEquals(0, jwt.cachedTokens());
    }

    @Test
    void cachedAndUncachedValidatorsAgree() {
        Jwt cached = Jwt.withKey(Es256.hex(ES256_PUBLIC)).allowIssuer("i").build();
        Jwt uncached = Jwt.withKey(Es256.hex(ES256_PUBLIC)).allowIssuer("i").cacheSize(0).build();
        Ticket good = JwtTicketBuilder.with(ES256_SIGNER).issuer("i").expiresAt(MINUTE).build(PEER, NOW);
        Ticket badIssuer = JwtTicketBuilder.with(ES256_SIGNER).issuer("j").expiresAt(MINUTE).build(PEER, NOW);
        for (int round = 0; round < 2; round++) {
            for (Ticket t : new Ticket[] {good, badIssuer}) {
                for (long dt : new long[] {0, 59, 60, 61}) {
                    assertEquals(uncached.validate(t, HOLDER, NOW.plusSeconds(dt)), cached.validate(t, HOLDER, NOW.plusSeconds(dt)));
                }
            }
        }
    }

    @Test
    void concurrentValidationsAgreeWithSequentialOnes() throws Exception {
        Jwt jwt = Jwt.withKey(Fixtures.HS256).addKey(Es256.hex(ES256_PUBLIC)).cacheSize(8).build();
        List<Ticket> tickets = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            SigningKey key = i % 3 == 0 ? ES256_SIGNER : i % 3 == 1 ? Fixtures.HS256 : Fixtures.HS256_OTHER;
            tickets.add(JwtTicketBuilder.with(key).tokenId("t" + i).expiresAt(MINUTE).build(PEER, NOW));
        }
        Jwt reference = Jwt.withKey(Fixtures.HS256).addKey(Es256.hex(ES256_PUBLIC)).cacheSize(0).build();
        List<TicketVerdict> expected = tickets.stream().map(t -> reference.validate(t, HOLDER, NOW)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int seed = w;
                results.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    int checked = 0;
                    for (int i = 0; i < 1500; i++) {
                        int k = random.nextInt(tickets.size());
                        if (!expected.get(k).equals(jwt.validate(tickets.get(k), HOLDER, NOW))) {
                            throw new AssertionError("ticket " + k + " judged differently");
                        }
                        checked++;
                    }
                    return checked;
                }));
            }
            for (Future<Integer> f : results) {
                assertEquals(1500, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(8, jwt.cachedTokens());
    }
}
