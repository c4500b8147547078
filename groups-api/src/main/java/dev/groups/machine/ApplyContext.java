package dev.groups.machine;

import dev.groups.id.GroupId;
import dev.groups.id.NetworkId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.Term;

/**
 * What a state machine may know while applying a batch. Every value is derived from the log, so
 * every replica sees the same context for the same batch: deterministic.
 *
 * <p>Valid only during the {@code apply}/{@code applyBatch} call it was passed to; do not keep it.
 */
public interface ApplyContext {
    /** The last applied position before this batch; the i-th command of the batch is at {@code committed().index() + 1 + i}. */
    Cursor committed();

    /** The last position of the local log when the batch was committed. */
    Cursor logPosition();

    /** The term of every entry in this batch (a batch never mixes terms). */
    Term currentTerm();

    GroupId groupId();

    NetworkId networkId();

    /** The log index of the {@code i}-th command (0-based) of this batch. */
    default Index indexOf(int i) {
        return committed().index().plus(1L + i);
    }
}
