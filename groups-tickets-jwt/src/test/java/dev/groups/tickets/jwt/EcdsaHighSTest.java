package dev.groups.tickets.jwt;

import static dev.groups.tickets.jwt.Fixtures.HOLDER;
import static dev.groups.tickets.jwt.Fixtures.NOW;
import static dev.groups.tickets.jwt.Fixtures.NOW_S;
import static dev.groups.tickets.jwt.Fixtures.PEER;
import static dev.groups.tickets.jwt.Fixtures.assertInvalid;
import static dev.groups.tickets.jwt.Fixtures.assertValid;
import static dev.groups.tickets.jwt.Fixtures.signed;
import static dev.groups.tickets.jwt.Fixtures.ticket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.tickets.Expiration;
import dev.groups.tickets.jwt.internal.Base64Url;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.junit.jupiter.api.Test;

/**
 * ECDSA signatures with a high {@code s} (s > n/2) are accepted: the module README says why. Every ECDSA
 * signature (r, s) has a twin (r, n − s) that verifies too; these tests pin that both verify for ES256,
 * ES384 and ES512, and that values of s outside [1, n − 1] never do.
 */
class EcdsaHighSTest {
    private static final String CLAIMS = "{\"sub\":\"" + PEER + "\",\"exp\":" + (NOW_S + 60) + "}";
    private static final Expiration EXP = Expiration.at(Instant.ofEpochSecond(NOW_S + 60));

    @Test
    void theHighSTwinOfAValidSignatureIsAcceptedOnEveryCurve() {
        check(Es256SigningKey.random(), "secp256r1");
        check(Es384SigningKey.random(), "secp384r1");
        check(Es512SigningKey.random(), "secp521r1");
    }

    @Test
    void sOutsideTheGroupOrderIsRejected() {
        Es256SigningKey signer = Es256SigningKey.random();
        Jwt jwt = Jwt.withKey(signer.verifyingKey()).cacheSize(0).build();
        BigInteger n = ECNamedCurveTable.getParameterSpec("secp256r1").getN();
        String[] p = signed(signer, CLAIMS).split("\\.");
        byte[] sig = Base64.getUrlDecoder().decode(p[2]);
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
        // s + n is the same residue, but out of range: accepting it would make a third encoding
        BigInteger sPlusN = s.add(n);
        if (sPlusN.bitLength() <= 256) {
            assertInvalid(jwt.validate(ticket(p[0] + "." + p[1] + "." + Base64Url.encode(withS(sig, sPlusN, 32))), HOLDER, NOW),
                    "signature does not verify");
        }
        assertInvalid(jwt.validate(ticket(p[0] + "." + p[1] + "." + Base64Url.encode(withS(sig, n, 32))), HOLDER, NOW),
                "signature does not verify");
        assertInvalid(jwt.validate(ticket(p[0] + "." + p[1] + "." + Base64Url.encode(withS(sig, BigInteger.ZERO, 32))), HOLDER, NOW),
                "signature does not verify");
    }

    private static void check(SigningKey signer, String curve) {
        // cache off: each token must verify on its own signature, not on a cached twin
        Jwt jwt = Jwt.withKey(signer.verifyingKey()).cacheSize(0).build();
        BigInteger n = ECNamedCurveTable.getParameterSpec(curve).getN();
        String[] p = signed(signer, CLAIMS).split("\\.");
        byte[] sig = Base64.getUrlDecoder().decode(p[2]);
        int half = sig.length / 2;
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, half, sig.length));
        BigInteger twin = n.subtract(s);
        byte[] twinSig = withS(sig, twin, half);
        // exactly one of the two is high-s, whichever the signer produced
        assertTrue(s.compareTo(n.shiftRight(1)) > 0 != twin.compareTo(n.shiftRight(1)) > 0, curve);
        assertValid(jwt.validate(ticket(String.join(".", p)), HOLDER, NOW), EXP);
        assertValid(jwt.validate(ticket(p[0] + "." + p[1] + "." + Base64Url.encode(twinSig)), HOLDER, NOW), EXP);
        assertEquals(sig.length, twinSig.length);
    }

    /** {@code sig} with its s half replaced by {@code s}, big-endian in {@code len} bytes. */
    private static byte[] withS(byte[] sig, BigInteger s, int len) {
        byte[] out = Arrays.copyOf(sig, sig.length);
        byte[] raw = s.toByteArray();
        Arrays.fill(out, len, 2 * len, (byte) 0);
        int copy = Math.min(raw.length, len);
        System.arraycopy(raw, raw.length - copy, out, 2 * len - copy, copy);
        return out;
    }
}
