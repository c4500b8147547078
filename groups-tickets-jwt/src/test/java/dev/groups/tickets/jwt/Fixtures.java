package dev.groups.tickets.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.id.NetworkId;
import dev.groups.id.PeerId;
import dev.groups.tickets.Expiration;
import dev.groups.tickets.InvalidTicket;
import dev.groups.tickets.Ticket;
import dev.groups.tickets.TicketHolder;
import dev.groups.tickets.TicketVerdict;
import dev.groups.tickets.jwt.internal.Base64Url;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Shared keys, holders and helpers. The values marked "python" come from {@code src/test/vectors/jwt_vectors.py}
 * (python3 hashlib/hmac/cryptography), computed independently of this module.
 */
final class Fixtures {
    /** 2026-01-01T00:00:00Z = 1767225600 (python). */
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final long NOW_S = 1767225600L;
    static final PeerId PEER = PeerId.fromHex("3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29");
    static final PeerId OTHER_PEER = PeerId.fromHex("aa".repeat(32));
    static final TicketHolder HOLDER = new TicketHolder(PEER, NetworkId.of("test-network"));
    static final TicketHolder OTHER_HOLDER = new TicketHolder(OTHER_PEER, NetworkId.of("test-network"));

    /** Bytes 00..1f. */
    static final Hs256 HS256 = Hs256.hex(hex(0, 32));
    static final Hs256 HS256_OTHER = Hs256.hex("ff".repeat(32));
    /** The spec's ES256 test vector. */
    static final String ES256_PRIVATE = "de01776891476ee7bcd6ee9d9824d1440c7ae0c095ad71ad75d3d11a96647b85";
    static final String ES256_PUBLIC = "0298a82ebe69ad57e0f7d5c2809a05188ff58572c5a5009015f26643f91e0d3236";
    static final Es256SigningKey ES256_SIGNER = Es256SigningKey.hex(ES256_PRIVATE);
    /** Ed25519 seed 00..1f and its public key (python). */
    static final EdDsaSigningKey EDDSA_SIGNER = EdDsaSigningKey.hex(hex(0, 32));
    static final String EDDSA_PUBLIC = "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8";

    private Fixtures() {}

    /** Consecutive bytes {@code from, from+1, …} in hex. */
    static String hex(int from, int count) {
        byte[] b = new byte[count];
        for (int i = 0; i < count; i++) {
            b[i] = (byte) (from + i);
        }
        return HexFormat.of().formatHex(b);
    }

    static Ticket ticket(String token) {
        return new Ticket(Jwt.CLASS, token.getBytes(StandardCharsets.UTF_8));
    }

    static String b64(String text) {
        return Base64Url.encode(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A token with exactly this header and claims JSON, signed by {@code key} (which need not match the header). */
    static String signed(SigningKey key, String headerJson, String claimsJson) {
        String input = b64(headerJson) + "." + b64(claimsJson);
        return input + "." + Base64Url.encode(Keys.sign(key, input.getBytes(StandardCharsets.US_ASCII)));
    }

    /** A token with the standard header of {@code key}'s algorithm and these claims. */
    static String signed(SigningKey key, String claimsJson) {
        return signed(key, "{\"alg\":\"" + key.algorithm() + "\",\"typ\":\"JWT\"}", claimsJson);
    }

    /** A ticket for {@link #PEER} from {@code key}, valid for an hour from {@link #NOW}. */
    static Ticket hourTicket(SigningKey key) {
        return JwtTicketBuilder.with(key).expiresAt(Expiration.at(NOW.plusSeconds(3600))).build(PEER, NOW);
    }

    static void assertValid(TicketVerdict verdict, Expiration expected) {
        TicketVerdict.Valid valid = assertInstanceOf(TicketVerdict.Valid.class, verdict, verdict::toString);
        assertEquals(expected, valid.expiration());
    }

    /** Asserts an {@link InvalidTicket} whose reason contains {@code fragment}. */
    static void assertInvalid(TicketVerdict verdict, String fragment) {
        InvalidTicket invalid = assertInstanceOf(InvalidTicket.class, verdict, verdict::toString);
        assertTrue(invalid.reason().contains(fragment), () -> "reason \"" + invalid.reason() + "\" lacks \"" + fragment + "\"");
    }
}
