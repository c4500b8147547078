package dev.groups.tickets.tdx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.tickets.tdx.Fixtures;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The strict reading of the PCK chain in quotes: canonical PEM only, so every byte matters. */
class PemTest {
    private static final String CHAIN = new String(Fixtures.quote(), 1258, 4935 - 1258, StandardCharsets.US_ASCII);

    @Test
    void readsTheCanonicalChainOfARealQuoteWithOrWithoutATerminatingNul() throws Rejection {
        assertEquals(3, Pem.strictChain(bytes(CHAIN), 3, "chain").size());
        assertEquals(3, Pem.strictChain(bytes(CHAIN + "\0"), 3, "chain").size());
    }

    @Test
    void rejectsAnythingElse() {
        for (String bad : new String[] {"", CHAIN + "\0\0", CHAIN + "\n", CHAIN.replace("\n", "\r\n"),
            " " + CHAIN, CHAIN.replaceFirst("qI=", "qJ="), CHAIN.replaceFirst("\n-----END", "-----END"),
            CHAIN.replaceFirst("CERTIFICATE-----\n", "CERTIFICATE-----\n\n"), CHAIN.substring(0, CHAIN.length() - 2)}) {
            Rejection r = assertThrows(Rejection.class, () -> Pem.strictChain(bytes(bad), 3, "chain"));
            assertTrue(r.reason().startsWith("chain"), r.reason());
        }
        assertTrue(assertThrows(Rejection.class, () -> Pem.strictChain(bytes(CHAIN), 2, "chain")).reason()
                .contains("more than 2"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
