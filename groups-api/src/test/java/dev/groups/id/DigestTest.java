package dev.groups.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestTest {
    // Known answers computed independently with Python's hashlib.
    private static final String SHA256_HELLO = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    @Test
    void stringThatIsNotHexIsHashed() {
        assertEquals(SHA256_HELLO, Digest.of("hello").toString());
        assertEquals(SHA256_HELLO, Digest.hash("hello".getBytes(StandardCharsets.UTF_8)).toString());
    }

    @Test
    void sixtyFourHexCharactersAreDecodedNotHashed() {
        assertEquals(SHA256_HELLO, Digest.of(SHA256_HELLO).toString());
        assertEquals(SHA256_HELLO, Digest.of(SHA256_HELLO.toUpperCase()).toString());
        assertEquals(Digest.fromHex(SHA256_HELLO), Digest.of(SHA256_HELLO));
    }

    @Test
    void almostHexIsHashed() {
        String sixtyThree = SHA256_HELLO.substring(1);
        assertEquals(Digest.hash(sixtyThree.getBytes(StandardCharsets.UTF_8)), Digest.of(sixtyThree));
        String nonHex = "g" + SHA256_HELLO.substring(1);
        assertEquals(Digest.hash(nonHex.getBytes(StandardCharsets.UTF_8)), Digest.of(nonHex));
        // Unicode digits are not hex digits.
        String arabicDigit = "\u0661" + SHA256_HELLO.substring(1);
        assertEquals(Digest.hash(arabicDigit.getBytes(StandardCharsets.UTF_8)), Digest.of(arabicDigit));
    }

    @Test
    void bytesFollowTheSpecQuirkButHashAlwaysHashes() {
        byte[] asciiHex = SHA256_HELLO.getBytes(StandardCharsets.US_ASCII);
        assertEquals(SHA256_HELLO, Digest.of(asciiHex).toString(), "hex ASCII bytes are decoded (spec §1.1 quirk)");
        assertNotEquals(SHA256_HELLO, Digest.hash(asciiHex).toString());
        assertEquals(Digest.hash(new byte[] {1, 2, 3}), Digest.of(new byte[] {1, 2, 3}));
    }

    @Test
    void fromHexRejectsWrongLengthAndNonHex() {
        assertThrows(IllegalArgumentException.class, () -> Digest.fromHex("abcd"));
        assertThrows(IllegalArgumentException.class, () -> Digest.fromHex("z".repeat(64)));
        assertThrows(IllegalArgumentException.class, () -> Digest.fromBytes(new byte[31]));
    }

    @Test
    void deriveAndHashedKnownAnswers() {
        Digest hello = Digest.of("hello");
        assertEquals("9595c9df90075148eb06860365df33584b75bff782a510c6cd4883a419833d50", hello.hashed().toString());
        assertEquals("094e51fe8fa3d425b13cf1c0fb6f09ff0439ec70414fc44dc10720642b813280",
                hello.derive("x").toString());
        assertEquals(hello.derive(new byte[] {7}), Digest.fromParts(hello.toBytes(), new byte[] {7}));
    }

    @Test
    void fromLongIsLittleEndianInTheLastEightBytes() {
        assertEquals("0000000000000000000000000000000000000000000000000200000000000000", Digest.fromLong(2).toString());
        assertTrue(Digest.fromLong(0).isZero());
    }

    @Test
    void orderIsUnsignedLexicographic() {
        Digest low = Digest.fromHex("7f" + "00".repeat(31));
        Digest high = Digest.fromHex("80" + "00".repeat(31));
        assertTrue(low.compareTo(high) < 0, "0x80 must sort above 0x7f (unsigned)");
        assertEquals(0, low.compareTo(Digest.fromHex(low.toString())));
    }

    @Test
    void valueSemanticsAndCopies() {
        byte[] raw = new byte[32];
        raw[0] = 1;
        Digest d = Digest.fromBytes(raw);
        raw[0] = 2;
        assertEquals(1, d.byteAt(0), "input is copied");
        d.toBytes()[0] = 9;
        assertEquals(1, d.byteAt(0), "output is copied");
        assertEquals(d, Digest.fromBytes(d.toBytes()));
        assertEquals(d.hashCode(), Digest.fromBytes(d.toBytes()).hashCode());
        assertTrue(d.constantTimeEquals(Digest.fromBytes(d.toBytes())));
        assertFalse(d.constantTimeEquals(Digest.zero()));
        assertEquals(8, d.shortHex().length());
    }

    @Test
    void randomDigestsDiffer() {
        assertNotEquals(Digest.random(), Digest.random());
    }
}
