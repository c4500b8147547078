package dev.groups.sync;

import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import java.util.Arrays;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What the runtime holds at a log position besides the machine's own state, and needs back whenever a
 * machine state replaces the log's prefix (a snapshot installed from peers, or restored from disk when a
 * member restarts from a pruned log):
 * <ul>
 *   <li>{@code termLeader} — the leader that started {@code position.term()}. Log matching compares
 *       (term, leader of the term, index): in dynamic mode two leaders can share a term, and once the
 *       term's first entry is pruned the log alone cannot tell them apart.</li>
 *   <li>{@code clientSessions} — the client-session table: which tagged (session, sequence) commands
 *       are applied, encoded by the runtime. The leader de-duplicates retried forwards against it; without
 *       it, a retry of a command that lies inside the snapshot would be applied twice.</li>
 *   <li>{@code voters} — strict mode: the voting configuration in force at {@code position} (the latest
 *       {@link dev.groups.log.LogPayload.Configuration} at or below it, or the founding voters). Once the
 *       entry that set it is pruned, only the snapshot knows who votes. Empty in dynamic mode, or when
 *       a snapshot older than this field is restored (the runtime then falls back to the founding voters).</li>
 * </ul>
 * A snapshot implementation takes it with {@link SyncProviderContext#runtimeState()} when it captures
 * the machine, keeps it with the machine's bytes, and hands it back with
 * {@link SyncSessionContext#setCommitted(RuntimeState)} or {@link SyncProviderContext#restored(RuntimeState)}.
 *
 * <p><b>Ownership.</b> {@code clientSessions} is opaque: store and send it byte for byte. The record
 * copies it on construction and on access, so neither side can change the other's copy.
 *
 * @param position the log position this state belongs to (the machine's applied position)
 * @param termLeader who started {@code position.term()}, when known
 * @param clientSessions the runtime's encoded client-session table at {@code position}
 * @param voters the voting configuration at {@code position} (strict mode), or empty
 */
public record RuntimeState(Cursor position, Optional<PeerId> termLeader, byte[] clientSessions, SortedSet<PeerId> voters) {
    /** Bounds a session table a peer may send: about 1,000 sessions × 8,192 remembered commands. */
    public static final int MAX_SESSION_TABLE_BYTES = 128 << 20;

    public RuntimeState {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(termLeader, "termLeader");
        Objects.requireNonNull(clientSessions, "clientSessions");
        if (clientSessions.length > MAX_SESSION_TABLE_BYTES) {
            throw new IllegalArgumentException("a client-session table of " + clientSessions.length
                    + " bytes exceeds " + MAX_SESSION_TABLE_BYTES);
        }
        clientSessions = clientSessions.clone();
        voters = Collections.unmodifiableSortedSet(new TreeSet<>(Objects.requireNonNull(voters, "voters")));
    }

    /** A state without a voting configuration (dynamic mode). */
    public RuntimeState(Cursor position, Optional<PeerId> termLeader, byte[] clientSessions) {
        this(position, termLeader, clientSessions, new TreeSet<>());
    }

    /** A copy of the encoded client-session table. */
    @Override
    public byte[] clientSessions() {
        return clientSessions.clone();
    }

    /** Size of the encoded client-session table, without copying it. */
    public int clientSessionsLength() {
        return clientSessions.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RuntimeState r && position.equals(r.position) && termLeader.equals(r.termLeader)
                && Arrays.equals(clientSessions, r.clientSessions) && voters.equals(r.voters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(position, termLeader, Arrays.hashCode(clientSessions), voters);
    }

    @Override
    public String toString() {
        return "RuntimeState[" + position + ", leader=" + termLeader.map(PeerId::shortHex).orElse("?")
                + ", sessions=" + clientSessions.length + " bytes" + (voters.isEmpty() ? "" : ", voters=" + voters.size()) + "]";
    }
}
