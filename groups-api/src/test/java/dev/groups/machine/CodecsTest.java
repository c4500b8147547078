package dev.groups.machine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.groups.log.Index;
import org.junit.jupiter.api.Test;

class CodecsTest {
    @Test
    void roundTrips() {
        assertEquals(Unit.INSTANCE, Codecs.unit().decode(Codecs.unit().encode(Unit.INSTANCE)));
        assertEquals("héllo ✓", Codecs.utf8().decode(Codecs.utf8().encode("héllo ✓")));
        assertEquals(-42L, Codecs.int64().decode(Codecs.int64().encode(-42L)));
        assertArrayEquals(new byte[] {1, 2}, Codecs.bytes().decode(Codecs.bytes().encode(new byte[] {1, 2})));
    }

    @Test
    void decodesASliceOfALargerArray() {
        byte[] framed = {9, 9, 'h', 'i', 9};
        assertEquals("hi", Codecs.utf8().decode(framed, 2, 2));
        assertArrayEquals(new byte[] {'h', 'i'}, Codecs.bytes().decode(framed, 2, 2));
    }

    @Test
    void malformedInputIsACodecException() {
        assertThrows(CodecException.class, () -> Codecs.unit().decode(new byte[1]));
        assertThrows(CodecException.class, () -> Codecs.int64().decode(new byte[7]));
        assertThrows(CodecException.class, () -> Codecs.utf8().decode(new byte[] {(byte) 0xff, (byte) 0xfe}));
        assertThrows(CodecException.class, () -> Codecs.bytes().decode(new byte[4], 3, 2));
        assertThrows(CodecException.class, () -> Codecs.utf8().decode(new byte[4], -1, 2));
        assertThrows(CodecException.class, () -> Codecs.int64().decode(new byte[8], 4, 8));
    }

    @Test
    void queryResultCarriesItsPosition() {
        var r = new QueryResultAt<>("v", Index.of(7));
        assertEquals("v", r.result());
        assertEquals(Index.of(7), r.position());
        assertEquals("v @ 7", r.toString());
    }
}
