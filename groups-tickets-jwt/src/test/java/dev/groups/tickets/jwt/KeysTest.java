package dev.groups.tickets.jwt;

import static dev.groups.tickets.jwt.Fixtures.ES256_PUBLIC;
import static dev.groups.tickets.jwt.Fixtures.HOLDER;
import static dev.groups.tickets.jwt.Fixtures.NOW;
import static dev.groups.tickets.jwt.Fixtures.assertInvalid;
import static dev.groups.tickets.jwt.Fixtures.assertValid;
import static dev.groups.tickets.jwt.Fixtures.hourTicket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.id.UniqueId;
import dev.groups.tickets.Expiration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Key construction and validation, fingerprints, and every algorithm end to end with the ticket builder. */
class KeysTest {
    private static final Expiration HOUR = Expiration.at(NOW.plusSeconds(3600));

    private static String message(Executable e) {
        return assertThrows(IllegalArgumentException.class, e).getMessage();
    }

    @Test
    void hmacSecretsMustHaveTheExactLength() {
        assertTrue(message(() -> Hs256.of(new byte[31])).contains("HS256 secret must be exactly 32 bytes, got 31"));
        assertTrue(message(() -> Hs256.of(new byte[33])).contains("exactly 32 bytes"));
        assertTrue(message(() -> Hs384.of(new byte[32])).contains("HS384 secret must be exactly 48 bytes"));
        assertTrue(message(() -> Hs512.of(new byte[48])).contains("HS512 secret must be exactly 64 bytes"));
        assertEquals(48, Hs384.of(new byte[48]).toBytes().length);
        assertEquals(64, Hs512.random().toBytes().length);
        assertTrue(message(() -> Hs256.hex("zz".repeat(32))).contains("HS256 secret: not a hex string"));
        assertTrue(message(() -> Hs256.hex("abc")).contains("odd number"));
    }

    @Test
    void compressedPointsAreValidatedWhenTheKeyIsBuilt() {
        assertTrue(message(() -> Es256.hex("04" + "00".repeat(32))).contains("first byte 02 or 03"));
        assertTrue(message(() -> Es256.hex(ES256_PUBLIC + "00")).contains("33 bytes, got 34 bytes"));
        assertTrue(message(() -> Es256.of(new byte[65])).contains("compressed SEC1 point of 33 bytes"));
        // x = p - 1 = ...fe: x^3 - 3x + b has no square root there (checked below), so no point has this x
        String notOnCurve = "02ffffffff00000001000000000000000000000000fffffffffffffffffffffffe";
        assertTrue(message(() -> Es256.hex(notOnCurve)).contains("not a point on secp256r1"));
        assertTrue(message(() -> Es256.hex("02" + "ff".repeat(32))).contains("not a point on secp256r1")); // x >= p
        assertTrue(message(() -> Es384.hex(ES256_PUBLIC)).contains("ES384 public key must be a compressed SEC1 point of 49 bytes"));
        assertTrue(message(() -> Es512.of(new byte[67])).contains("first byte 02 or 03"));
        assertEquals(49, Es384SigningKey.random().verifyingKey().toBytes().length);
        assertEquals(67, Es512SigningKey.random().verifyingKey().toBytes().length);
    }

    @Test
    void flippingTheXCoordinateUsuallyLeavesTheCurve() {
        // About half of all x values are on the curve: of 16 neighbours of the vector's x, some must fail cleanly.
        byte[] key = HexFormat.of().parseHex(ES256_PUBLIC);
        int rejected = 0;
        for (int i = 0; i < 16; i++) {
            byte[] k = key.clone();
            k[32] ^= (byte) (i + 1);
            try {
                Es256.of(k);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().contains("not a point on secp256r1"), e.getMessage());
                rejected++;
            }
        }
        assertTrue(rejected > 0 && rejected < 16, "rejected " + rejected);
    }

    @Test
    void ed25519KeysAreValidated() {
        assertTrue(message(() -> EdDsa.of(new byte[31])).contains("32 bytes, got 31"));
        assertTrue(message(() -> EdDsa.hex("ff".repeat(32))).contains("not a valid Ed25519 point"));
        assertTrue(message(() -> EdDsaSigningKey.fromBytes(new byte[33])).contains("EdDSA private key must be 32 bytes"));
    }

    @Test
    void signingScalarsAreValidated() {
        assertTrue(message(() -> Es256SigningKey.fromBytes(new byte[32])).contains("out of range"));
        assertTrue(message(() -> Es256SigningKey.hex("ff".repeat(32))).contains("out of range")); // >= n
        assertTrue(message(() -> Es256SigningKey.fromBytes(new byte[31])).contains("ES256 private key must be 32 bytes"));
        assertTrue(message(() -> Es512SigningKey.fromBytes(new byte[64])).contains("ES512 private key must be 66 bytes"));
        Es256SigningKey k = Es256SigningKey.random();
        assertEquals(k.verifyingKey(), Es256SigningKey.fromBytes(k.toBytes()).verifyingKey());
        assertFalse(k.toString().contains(HexFormat.of().formatHex(k.toBytes())));
    }

    @Test
    void fingerprintsFollowTheSpecTable() {
        // python: derive(sha256("es256"), point) and derive(sha256("hs256"), 00..1f)
        assertEquals("75d517f4200fbe27da0513f6b26c6c198d20e8852514e87661b91cd61c478334", Es256.hex(ES256_PUBLIC).fingerprint().toString());
        assertEquals("09d8c00cefe97195a6f2f8274719099e99dabb6eb8eaf0a4a3486e62e386208d", Fixtures.HS256.fingerprint().toString());
        byte[] ed = HexFormat.of().parseHex(Fixtures.EDDSA_PUBLIC);
        assertEquals(UniqueId.of("EdDsa").derive(ed), EdDsa.of(ed).fingerprint());
        assertEquals(UniqueId.of("hs384").derive(new byte[48]), Hs384.of(new byte[48]).fingerprint());
    }

    @Test
    void keysAreValuesAndNeverPrintSecrets() {
        assertEquals(Hs256.hex(Fixtures.hex(0, 32)), Fixtures.HS256);
        assertEquals(Fixtures.HS256.hashCode(), Hs256.hex(Fixtures.hex(0, 32)).hashCode());
        assertNotEquals(Fixtures.HS256, Fixtures.HS256_OTHER);
        assertFalse(Fixtures.HS256.toString().contains(Fixtures.hex(0, 32)));
        assertFalse(Fixtures.HS256.toString().contains("000102"));
        assertEquals(Es256.hex(ES256_PUBLIC.toUpperCase()), Es256.hex(ES256_PUBLIC));
        assertSame(Fixtures.HS256, Fixtures.HS256.verifyingKey());
        byte[] copy = Fixtures.HS256.toBytes();
        copy[0] = 9;
        assertEquals(0, Fixtures.HS256.toBytes()[0]);
    }

    @Test
    void everyAlgorithmRoundTripsThroughTheTicketBuilder() {
        List<SigningKey> signers = List.of(Hs256.random(), Hs384.random(), Hs512.random(), Es256SigningKey.random(),
                Es384SigningKey.random(), Es512SigningKey.random(), EdDsaSigningKey.random());
        for (SigningKey signer : signers) {
            Jwt jwt = Jwt.withKey(signer.verifyingKey()).build();
            assertValid(jwt.validate(hourTicket(signer), HOLDER, NOW), HOUR);
            for (SigningKey other : signers) {
                if (other != signer) {
                    assertInvalid(jwt.validate(hourTicket(other), HOLDER, NOW), "");
                }
            }
        }
    }

    @Test
    void rotationAcceptsTokensFromEitherKey() {
        Es256SigningKey oldKey = Es256SigningKey.random();
        Es256SigningKey newKey = Es256SigningKey.random();
        Jwt both = Jwt.withKey(oldKey.verifyingKey()).addKey(newKey.verifyingKey()).addKey(Fixtures.HS256).build();
        assertValid(both.validate(hourTicket(oldKey), HOLDER, NOW), HOUR);
        assertValid(both.validate(hourTicket(newKey), HOLDER, NOW), HOUR);
        assertValid(both.validate(hourTicket(Fixtures.HS256), HOLDER, NOW), HOUR);
        assertInvalid(both.validate(hourTicket(Es256SigningKey.random()), HOLDER, NOW), "any configured ES256 key");
        Jwt onlyNew = Jwt.withKey(newKey.verifyingKey()).build();
        assertInvalid(onlyNew.validate(hourTicket(oldKey), HOLDER, NOW), "signature does not verify");
    }

    @Test
    void aValidatorNeedsAKey() {
        assertTrue(message(() -> Jwt.builder().build()).contains("at least one key"));
    }
}
