package dev.groups.raft.core;

import dev.groups.consensus.Role;
import dev.groups.id.GroupId;
import dev.groups.id.NetworkId;
import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.machine.Codec;
import dev.groups.machine.CodecException;
import dev.groups.metrics.GroupListener;
import dev.groups.raft.core.RaftMessage.SyncMessage;
import dev.groups.storage.Storage;
import dev.groups.sync.RuntimeState;
import dev.groups.sync.StateSync;
import dev.groups.sync.StateSyncProvider;
import dev.groups.sync.StateSyncSession;
import dev.groups.sync.SyncProviderContext;
import dev.groups.sync.SyncSessionContext;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;

/**
 * Runs a group's {@link StateSync}: its provider for the life of the node, and a session while the
 * node catches up. Captures the sync's message type {@code M} so the core can stay generic in the
 * machine's types only.
 */
final class SyncDriver<C, M> {
    private static final System.Logger LOG = System.getLogger(SyncDriver.class.getName());
    /** How often a live session is polled when nothing else happens (fetch timeouts need time to pass). */
    private static final long SESSION_POLL_MILLIS = 100;

    private final RaftNode<C, ?, ?> node;
    private final StateSync<C, M> sync;
    private final Codec<M> codec;
    private final Codec<LogPayload<C>> payloadCodec;
    private final ProviderContext providerContext = new ProviderContext();
    private final SessionContext sessionContext = new SessionContext();
    private StateSyncProvider<M> provider;
    private StateSyncSession<C, M> session;
    private Cursor target;
    private PeerId targetLeader;
    private PeerId sessionLeader;
    private long now;

    private SyncDriver(RaftNode<C, ?, ?> node, StateSync<C, M> sync) {
        this.node = node;
        this.sync = sync;
        this.codec = sync.messageCodec();
        this.payloadCodec = LogPayload.codec(node.machine.commandCodec());
    }

    static <C, M> SyncDriver<C, M> create(RaftNode<C, ?, ?> node, StateSync<C, M> sync) {
        return new SyncDriver<>(node, sync);
    }

    void start() {
        provider = sync.createProvider(providerContext);
    }

    /** The leader the running session catches up with; null without a session. */
    PeerId sessionLeader() {
        return session == null ? null : sessionLeader;
    }

    boolean inSession() {
        return session != null;
    }

    /** The position the running session heads for; null without a session. */
    Cursor target() {
        return session == null ? null : target;
    }

    void startSession(Cursor position, PeerId positionLeader, Index leaderCommit,
                      List<LogEntry<LogPayload<C>>> entries) {
        target = position;
        targetLeader = positionLeader;
        sessionLeader = node.leader().orElseThrow();
        session = sync.createSession(sessionContext, position, leaderCommit, entries);
    }

    void buffer(Cursor position, List<LogEntry<LogPayload<C>>> entries) {
        session.buffer(position, entries, sessionContext);
    }

    void dropSession() {
        session = null;
    }

    void onMessage(PeerId from, byte[] payload, long now) {
        this.now = now;
        M message;
        try {
            message = codec.decode(payload);
        } catch (CodecException e) {
            LOG.log(Level.DEBUG, "dropping an undecodable state-sync message from {0}: {1}", from.shortHex(), e.getMessage());
            return;
        }
        if (!provider.onMessage(from, message, providerContext) && session != null) {
            session.onMessage(from, message, sessionContext);
            node.sessionAppended(); // the session may have appended: acknowledge only after a flush
        }
    }

    void poll(long now) {
        this.now = now;
        provider.poll(providerContext);
        if (session != null) {
            node.sessionAppended();
            Optional<Cursor> done = session.poll(sessionContext);
            if (done.isPresent()) {
                session = null;
                node.sessionFinished(target, targetLeader, done.get());
            }
        }
    }

    /** After the committed index advanced: tell the provider, and prune what it no longer needs. */
    void committed(long now) {
        this.now = now;
        Cursor committed = node.committed();
        if (committed.index().isZero()) {
            return;
        }
        provider.onCommitted(committed, providerContext);
        provider.safeToPrunePrefix(providerContext).ifPresent(upTo -> {
            long limit = Math.min(upTo.value(), committed.index().value() - 1); // keep the newest committed entry
            if (limit > node.log.available().start().value()) {
                node.prune(Index.of(limit));
            }
        });
    }

    long nextDeadline() {
        return session == null ? Long.MAX_VALUE : now + SESSION_POLL_MILLIS;
    }

    /** What both contexts share. */
    private abstract class BaseContext {
        public PeerId localId() {
            return node.localId;
        }

        public GroupId groupId() {
            return node.setup().groupId();
        }

        public NetworkId networkId() {
            return node.setup().networkId();
        }

        public Storage<LogPayload<C>> log() {
            return node.log;
        }

        public Codec<LogPayload<C>> payloadCodec() {
            return payloadCodec;
        }

        public Cursor committed() {
            return node.committed();
        }

        public SortedSet<PeerId> bonds() {
            return Collections.unmodifiableSortedSet(new java.util.TreeSet<>(node.bonds()));
        }

        public void send(PeerId to, M message) {
            if (node.isBonded(to)) {
                node.send(to, new SyncMessage<>(codec.encode(message)));
            }
        }

        public Instant now() {
            return Instant.ofEpochMilli(now);
        }

        public GroupListener listener() {
            return node.setup().listener();
        }
    }

    private class ProviderContext extends BaseContext implements SyncProviderContext<C, M> {
        @Override
        public Optional<PeerId> leader() {
            return node.leader();
        }

        @Override
        public boolean isLeader() {
            return node.role() == Role.LEADER;
        }

        @Override
        public boolean feedCommand(C command) {
            if (node.role() != Role.LEADER) {
                return false;
            }
            node.appendCommand(LogPayload.Command.untagged(command));
            return true;
        }

        @Override
        public RuntimeState runtimeState() {
            return node.runtimeState();
        }

        @Override
        public void restored(RuntimeState state) {
            node.restoredAtOffset(state);
        }
    }

    private final class SessionContext extends BaseContext implements SyncSessionContext<C, M> {
        @Override
        public PeerId leader() {
            return sessionLeader;
        }

        @Override
        public void setCommitted(Cursor cursor) {
            node.installedUpTo(cursor, null);
        }

        @Override
        public void setCommitted(Cursor cursor, Optional<PeerId> termLeader) {
            node.installedUpTo(cursor, termLeader.orElse(null));
        }

        @Override
        public void setCommitted(RuntimeState state) {
            node.installedUpTo(state);
        }
    }
}
