package dev.groups.tickets.jwt;

import static dev.groups.tickets.jwt.Fixtures.HOLDER;
import static dev.groups.tickets.jwt.Fixtures.HS256;
import static dev.groups.tickets.jwt.Fixtures.NOW;
import static dev.groups.tickets.jwt.Fixtures.NOW_S;
import static dev.groups.tickets.jwt.Fixtures.PEER;
import static dev.groups.tickets.jwt.Fixtures.assertValid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.tickets.Expiration;
import dev.groups.tickets.Ticket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The issuer side: exact header, claim order, defaults, and claims given as JSON. */
class JwtTicketBuilderTest {
    private static String[] decoded(Ticket ticket) {
        String[] parts = new String(ticket.data(), StandardCharsets.US_ASCII).split("\\.");
        assertEquals(3, parts.length);
        return new String[] {text(parts[0]), text(parts[1])};
    }

    private static String text(String b64) {
        return new String(Base64.getUrlDecoder().decode(b64), StandardCharsets.UTF_8);
    }

    @Test
    void headerIsExactlyAlgAndTyp() {
        assertEquals("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", decoded(JwtTicketBuilder.with(HS256).build(PEER, NOW))[0]);
        assertEquals("{\"alg\":\"ES512\",\"typ\":\"JWT\"}", decoded(JwtTicketBuilder.with(Es512SigningKey.random()).build(PEER, NOW))[0]);
        assertEquals("{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}", decoded(JwtTicketBuilder.with(Fixtures.EDDSA_SIGNER).build(PEER, NOW))[0]);
    }

    @Test
    void defaultsAreThePeerAsSubjectNowAsIssuedAtAndNoExpiry() {
        Ticket ticket = JwtTicketBuilder.with(HS256).build(PEER, NOW.plusMillis(900));
        assertEquals(Jwt.CLASS, ticket.ticketClass());
        assertEquals("{\"sub\":\"" + PEER + "\",\"iat\":" + NOW_S + "}", decoded(ticket)[1]);
        assertValid(Jwt.withKey(HS256).allowNonExpiring().build().validate(ticket, HOLDER, NOW), Expiration.never());
    }

    @Test
    void registeredClaimsComeInOrderThenPrivateClaimsSorted() {
        Ticket ticket = JwtTicketBuilder.with(HS256).claim("zeta", "[1, 2]").tokenId("id-1").claim("alpha", "{\"y\":1,\"x\":\"é\"}")
                .issuedAt(NOW.minusSeconds(5)).notBefore(NOW.minusSeconds(1)).expiresIn(Duration.ofMinutes(1))
                .audience("aud").subject("someone").issuer("iss").build(PEER, NOW);
        assertEquals("{\"iss\":\"iss\",\"sub\":\"someone\",\"aud\":\"aud\",\"exp\":" + (NOW_S + 60) + ",\"nbf\":" + (NOW_S - 1)
                + ",\"iat\":" + (NOW_S - 5) + ",\"jti\":\"id-1\",\"alpha\":{\"x\":\"é\",\"y\":1},\"zeta\":[1,2]}", decoded(ticket)[1]);
    }

    @Test
    void registeredNamesGivenAsClaimsGoToTheirFields() {
        Ticket ticket = JwtTicketBuilder.with(HS256).claim("iss", "\"i\"").claim("exp", String.valueOf(NOW_S + 10))
                .claim("nbf", String.valueOf(NOW_S)).claim("iat", String.valueOf(NOW_S)).claim("jti", "\"j\"")
                .claim("aud", "\"a\"").claim("sub", "\"" + PEER + "\"").build(PEER, NOW.plusSeconds(1000));
        assertEquals("{\"iss\":\"i\",\"sub\":\"" + PEER + "\",\"aud\":\"a\",\"exp\":" + (NOW_S + 10) + ",\"nbf\":" + NOW_S
                + ",\"iat\":" + NOW_S + ",\"jti\":\"j\"}", decoded(ticket)[1]);
        assertValid(Jwt.withKey(HS256).allowIssuer("i").allowAudience("a").build().validate(ticket, HOLDER, NOW),
                Expiration.at(Instant.ofEpochSecond(NOW_S + 10)));
    }

    @Test
    void expiresAtAndExpiresInReplaceEachOther() {
        JwtTicketBuilder b = JwtTicketBuilder.with(HS256).expiresIn(Duration.ofSeconds(5));
        assertTrue(decoded(b.build(PEER, NOW))[1].contains("\"exp\":" + (NOW_S + 5)));
        b.expiresAt(Expiration.at(NOW.plusSeconds(7)));
        assertTrue(decoded(b.build(PEER, NOW))[1].contains("\"exp\":" + (NOW_S + 7)));
        b.expiresAt(Expiration.never());
        assertTrue(!decoded(b.build(PEER, NOW))[1].contains("exp"));
    }

    @Test
    void stringsAreEscapedAsSerdeJsonDoes() {
        Ticket t = JwtTicketBuilder.with(HS256).issuer("q\"b\\s/\n\u0001\u007f€").build(PEER, NOW);
        assertTrue(decoded(t)[1].startsWith("{\"iss\":\"q\\\"b\\\\s/\\n\\u0001\u007f€\","), decoded(t)[1]);
        assertValid(Jwt.withKey(HS256).allowIssuer("q\"b\\s/\n\u0001\u007f€").allowNonExpiring().build().validate(t, HOLDER, NOW),
                Expiration.never());
    }

    @Test
    void invalidClaimsAreRejectedByTheBuilder() {
        JwtTicketBuilder b = JwtTicketBuilder.with(HS256);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.claim("x", "{")).getMessage().contains("claim \"x\": invalid JSON"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.claim("exp", "-1")).getMessage().contains("non-negative integer"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.claim("exp", "99999999999999999")).getMessage().contains("too large"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.claim("iss", "1")).getMessage().contains("JSON string"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.issuedAt(Instant.EPOCH.minusSeconds(1))).getMessage().contains("1970"));
    }
}
