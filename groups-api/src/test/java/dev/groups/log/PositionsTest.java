package dev.groups.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PositionsTest {
    @Test
    void indexZeroIsTheSentinelAndPrevSaturates() {
        assertTrue(Index.ZERO.isZero());
        assertEquals(Index.ZERO, Index.ZERO.prev());
        assertEquals(Index.ZERO, Index.ONE.prev());
        assertEquals(Index.of(4), Index.of(5).prev());
        assertEquals(Index.ONE, Index.ZERO.next());
    }

    @Test
    void negativeInputsBecomeZero() {
        assertEquals(Index.ZERO, Index.of(-5));
        assertEquals(Term.ZERO, Term.of(-1));
        assertEquals(Index.ZERO, new Index(-1));
    }

    @Test
    void subtractionSaturatesAdditionDoesNot() {
        assertEquals(Index.ZERO, Index.of(3).minus(10));
        assertEquals(Index.of(1), Index.of(3).minus(2));
        assertEquals(Term.ZERO, Term.of(3).minus(3));
        assertThrows(ArithmeticException.class, () -> Index.of(Long.MAX_VALUE).next());
        assertThrows(ArithmeticException.class, () -> Term.of(Long.MAX_VALUE).plus(1));
        assertEquals(Index.of(7), Index.of(5).plus(2));
    }

    @Test
    void distanceIsAbsolute() {
        assertEquals(3, Index.of(2).distance(Index.of(5)));
        assertEquals(3, Index.of(5).distance(Index.of(2)));
        assertEquals(4, Term.of(1).distance(Term.of(5)));
    }

    @Test
    void cursorOrdersByTermThenIndex() {
        Cursor a = Cursor.of(1, 10);
        Cursor b = Cursor.of(2, 1);
        Cursor c = Cursor.of(2, 3);
        assertTrue(a.isBehind(b), "a higher term wins whatever the index");
        assertTrue(b.isBehind(c));
        assertFalse(c.isBehind(c));
        List<Cursor> list = new ArrayList<>(List.of(c, a, b));
        Collections.sort(list);
        assertEquals(List.of(a, b, c), list);
        assertTrue(Cursor.ZERO.isZero());
    }

    @Test
    void cursorComparesWithIndexAndTermByThatComponentOnly() {
        Cursor c = Cursor.of(5, 3);
        assertEquals(0, c.compareTo(Index.of(3)));
        assertTrue(c.compareTo(Index.of(4)) < 0, "index 3 < 4 even though the term is high");
        assertTrue(c.compareTo(Term.of(4)) > 0);
        assertTrue(c.indexEquals(Index.of(3)));
        assertEquals("(t:5,i:3)", c.toString());
    }

    @Test
    void indexRangeIsInclusiveAndMayBeEmpty() {
        IndexRange r = IndexRange.of(3, 5);
        assertEquals(3, r.size());
        assertTrue(r.contains(Index.of(3)));
        assertTrue(r.contains(Index.of(5)));
        assertFalse(r.contains(Index.of(6)));
        assertEquals("3..=5", r.toString());
        IndexRange empty = IndexRange.of(6, 5);
        assertTrue(empty.isEmpty());
        assertEquals(0, empty.size());
        assertEquals(IndexRange.of(4, 5), r.intersect(IndexRange.of(4, 9)));
        assertTrue(r.intersect(IndexRange.of(7, 9)).isEmpty());
        assertEquals(1, IndexRange.single(Index.ONE).size());
    }

    @Test
    void logEntryRejectsTheSentinel() {
        assertThrows(IllegalArgumentException.class, () -> new LogEntry<>(Index.ZERO, Term.ONE, "x"));
        assertEquals(Cursor.of(2, 7), new LogEntry<>(Index.of(7), Term.of(2), "x").cursor());
    }
}
