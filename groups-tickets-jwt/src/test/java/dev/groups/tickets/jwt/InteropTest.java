package dev.groups.tickets.jwt;

import static dev.groups.tickets.jwt.Fixtures.ES256_PRIVATE;
import static dev.groups.tickets.jwt.Fixtures.ES256_PUBLIC;
import static dev.groups.tickets.jwt.Fixtures.HOLDER;
import static dev.groups.tickets.jwt.Fixtures.NOW;
import static dev.groups.tickets.jwt.Fixtures.NOW_S;
import static dev.groups.tickets.jwt.Fixtures.PEER;
import static dev.groups.tickets.jwt.Fixtures.assertInvalid;
import static dev.groups.tickets.jwt.Fixtures.assertValid;
import static dev.groups.tickets.jwt.Fixtures.ticket;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.groups.tickets.Expiration;
import dev.groups.tickets.Ticket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The spec's ES256 vector, and tokens made by Python ({@code src/test/vectors/jwt_vectors.py}: hmac and
 * the {@code cryptography} package), so that signing and verifying are not only checked against each other.
 */
class InteropTest {
    /** Claims of every Python token: iss python-issuer, sub PEER, exp NOW + 1 day, iat NOW. */
    private static final String PY_CLAIMS = "eyJpc3MiOiJweXRob24taXNzdWVyIiwic3ViIjoiM2I2YTI3YmNjZWI2YTQyZDYyYTNhOGQwMmE2ZjBkNzM2NTMy"
            + "MTU3NzFkZTI0M2E2M2FjMDQ4YTE4YjU5ZGEyOSIsImV4cCI6MTc2NzMxMjAwMCwiaWF0IjoxNzY3MjI1NjAwfQ";
    private static final String PY_ES256 = "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9." + PY_CLAIMS
            + ".oYWYYPth0ZaJGaOCOgmFbnvY-Jn5whBkFVu3R0Xik69JJ37DQCVXtSsz51PUaKOj9v7fplendHQMU-VtxtmRpw";
    private static final String PY_EDDSA = "eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9." + PY_CLAIMS
            + ".KoDoUArTQ16YRNn8Nscdp6IZRdsIWkxbo8qsHmE4O76N7s_R-vBbXeEl10gB-kern5MZyAMw6EMWhSeye4E3CQ";
    private static final String PY_HS256 = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + PY_CLAIMS
            + ".V5lBI0gm7AdmOjEsTwikBd_rjQmHnjt4GuYJd5DtYBg";
    private static final Expiration PY_EXP = Expiration.at(Instant.ofEpochSecond(NOW_S + 86_400));

    @Test
    void specVectorPrivateKeyHasTheCompressedPublicKey() {
        assertEquals(ES256_PUBLIC, Es256SigningKey.hex(ES256_PRIVATE).verifyingKey().toHex());
        assertEquals(Es256.hex(ES256_PUBLIC), Es256SigningKey.hex(ES256_PRIVATE).verifyingKey());
    }

    @Test
    void ticketSignedWithTheSpecVectorValidatesThroughItsHexPublicKey() {
        Jwt jwt = Jwt.withKey(Es256.hex("0298a82ebe69ad57e0f7d5c2809a05188ff58572c5a5009015f26643f91e0d3236")).build();
        Ticket ticket = JwtTicketBuilder.with(Es256SigningKey.hex(ES256_PRIVATE))
                .expiresAt(Expiration.at(NOW.plusSeconds(60))).build(PEER, NOW);
        assertValid(jwt.validate(ticket, HOLDER, NOW), Expiration.at(NOW.plusSeconds(60)));
    }

    @Test
    void pythonEs256TokenFromTheSpecVectorValidates() {
        Jwt jwt = Jwt.withKey(Es256.hex(ES256_PUBLIC)).allowIssuer("python-issuer").build();
        assertValid(jwt.validate(ticket(PY_ES256), HOLDER, NOW), PY_EXP);
    }

    @Test
    void pythonEdDsaTokenValidates() {
        assertEquals(Fixtures.EDDSA_PUBLIC, Fixtures.EDDSA_SIGNER.verifyingKey().toHex());
        Jwt jwt = Jwt.withKey(EdDsa.hex(Fixtures.EDDSA_PUBLIC)).build();
        assertValid(jwt.validate(ticket(PY_EDDSA), HOLDER, NOW), PY_EXP);
    }

    @Test
    void pythonHs256TokenValidatesAndJavaSignsTheSameBytes() {
        Jwt jwt = Jwt.withKey(Fixtures.HS256).build();
        assertValid(jwt.validate(ticket(PY_HS256), HOLDER, NOW), PY_EXP);
        // HMAC is deterministic: the builder's token for the same claims is byte-for-byte Python's.
        String java = new String(JwtTicketBuilder.with(Fixtures.HS256).issuer("python-issuer").expiresAt(PY_EXP)
                .build(PEER, NOW).data(), StandardCharsets.US_ASCII);
        assertEquals(PY_HS256, java);
    }

    @Test
    void pythonTokensAreBoundToTheirSubject() {
        Jwt jwt = Jwt.withKey(Es256.hex(ES256_PUBLIC)).build();
        assertInvalid(jwt.validate(ticket(PY_ES256), Fixtures.OTHER_HOLDER, NOW), "subject");
    }
}
