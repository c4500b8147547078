package dev.groups.testkit.linearizability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The doubly linked list of call and return entries that the search walks (Porcupine's
 * {@code makeLinkedEntries}, {@code lift} and {@code unlift}). Operation {@code i} of the partition has
 * a call entry and a return entry, both with id {@code i}; the call entry links to its return.
 *
 * <p>Entries are sorted by time. At equal times calls come before returns (operations touching at one
 * instant count as concurrent, the conservative choice), and the returns of {@link Outcome#UNKNOWN}
 * operations come after every other entry (their completion is at +infinity). Remaining ties are broken
 * by id, so the order is deterministic.
 */
final class EntryList {

    /** One entry of the list; the sentinel head has id -1. */
    static final class Node {
        final int id;
        final boolean call;
        Node match; // for a call entry: its return entry; null for returns
        Node prev;
        Node next;

        Node(int id, boolean call) {
            this.id = id;
            this.call = call;
        }
    }

    private record Event(Node node, long time, boolean atInfinity) {
    }

    private static final Comparator<Event> ORDER = Comparator
            .comparing(Event::atInfinity)               // false (finite) first
            .thenComparingLong(Event::time)
            .thenComparing(event -> !event.node().call)   // calls (false) before returns (true)
            .thenComparingInt(event -> event.node().id);

    private final Node head = new Node(-1, false);

    private EntryList() {
    }

    /** The list for {@code operations}, none of which may be {@link Outcome#FAILED}. */
    static EntryList of(List<? extends Operation<?, ?>> operations) {
        List<Event> events = new ArrayList<>(2 * operations.size());
        for (int id = 0; id < operations.size(); id++) {
            Operation<?, ?> op = operations.get(id);
            if (op.outcome() == Outcome.FAILED) {
                throw new IllegalArgumentException("failed operations must be dropped before the search");
            }
            Node call = new Node(id, true);
            Node ret = new Node(id, false);
            call.match = ret;
            events.add(new Event(call, op.invokedAt(), false));
            boolean unknown = op.outcome() == Outcome.UNKNOWN;
            events.add(new Event(ret, unknown ? Long.MAX_VALUE : op.completedAt(), unknown));
        }
        events.sort(ORDER);
        EntryList list = new EntryList();
        Node last = list.head;
        for (Event event : events) {
            last.next = event.node();
            event.node().prev = last;
            last = event.node();
        }
        return list;
    }

    /** The first entry, or null if the list is empty. */
    Node first() {
        return head.next;
    }

    boolean isEmpty() {
        return head.next == null;
    }

    /** Removes a call entry and its return entry from the list. */
    static void lift(Node call) {
        call.prev.next = call.next;
        call.next.prev = call.prev; // a call is always followed by at least its own return
        Node ret = call.match;
        ret.prev.next = ret.next;
        if (ret.next != null) {
            ret.next.prev = ret.prev;
        }
    }

    /** Puts back a call entry and its return entry removed by {@link #lift}; undo lifts in reverse order. */
    static void unlift(Node call) {
        Node ret = call.match;
        ret.prev.next = ret;
        if (ret.next != null) {
            ret.next.prev = ret;
        }
        call.prev.next = call;
        call.next.prev = call;
    }
}
