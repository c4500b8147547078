package dev.groups.raft.core;

import dev.groups.id.Digest;
import dev.groups.id.GroupId;
import dev.groups.id.NetworkId;
import dev.groups.id.PeerId;
import dev.groups.id.UniqueId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import dev.groups.machine.ApplyContext;
import dev.groups.machine.Codec;
import dev.groups.machine.Codecs;
import dev.groups.machine.StateMachine;
import dev.groups.machine.Unit;
import dev.groups.storage.InMemoryLogStore;
import dev.groups.sync.StateSync;
import dev.groups.sync.StateSyncProvider;
import dev.groups.sync.StateSyncSession;
import dev.groups.sync.SyncProviderContext;
import dev.groups.sync.SyncSessionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A state sync the test scripts: its provider records what the core tells it and prunes where the test
 * says; its session appends, installs and finishes when the test says. Messages are strings: those
 * starting with {@code provider:} are the provider's, the rest go to the session.
 */
final class ScriptedSync implements StateSync<Long, String> {
    /** What the provider saw. */
    final List<Cursor> committed = new ArrayList<>();
    final List<String> providerMessages = new ArrayList<>();
    int providerPolls;
    SyncProviderContext<Long, String> providerContext;
    /** Where the provider allows pruning. */
    Optional<Index> pruneTo = Optional.empty();
    /** Sessions created, the last one last. */
    final List<Session> sessions = new ArrayList<>();
    /** Runs when a session is polled (with its context). */
    Consumer<SyncSessionContext<Long, String>> onSessionPoll = c -> { };
    /** Runs when a session gets a message. */
    Consumer<SyncSessionContext<Long, String>> onSessionMessage = c -> { };
    /** What the next session poll reports (then cleared). */
    Optional<Cursor> finishWith = Optional.empty();

    final class Session implements StateSyncSession<Long, String> {
        final Cursor position;
        final Index leaderCommit;
        final List<LogEntry<LogPayload<Long>>> entries;
        final SyncSessionContext<Long, String> context;
        final List<Cursor> buffered = new ArrayList<>();
        final List<String> messages = new ArrayList<>();

        Session(SyncSessionContext<Long, String> context, Cursor position, Index leaderCommit,
                List<LogEntry<LogPayload<Long>>> entries) {
            this.context = context;
            this.position = position;
            this.leaderCommit = leaderCommit;
            this.entries = entries;
        }

        @Override
        public void onMessage(PeerId from, String message, SyncSessionContext<Long, String> ctx) {
            messages.add(message);
            onSessionMessage.accept(ctx);
        }

        @Override
        public void buffer(Cursor position, List<LogEntry<LogPayload<Long>>> entries,
                           SyncSessionContext<Long, String> ctx) {
            buffered.add(position);
        }

        @Override
        public Optional<Cursor> poll(SyncSessionContext<Long, String> ctx) {
            onSessionPoll.accept(ctx);
            Optional<Cursor> done = finishWith;
            finishWith = Optional.empty();
            return done;
        }
    }

    Session session() {
        return sessions.get(sessions.size() - 1);
    }

    @Override
    public UniqueId signature() {
        return UniqueId.of("test.scripted-sync");
    }

    @Override
    public Codec<String> messageCodec() {
        return Codecs.utf8();
    }

    @Override
    public StateSyncProvider<String> createProvider(SyncProviderContext<Long, String> ctx) {
        providerContext = ctx;
        return new StateSyncProvider<>() {
            @Override
            public boolean onMessage(PeerId from, String message, SyncProviderContext<?, String> c) {
                if (message.startsWith("provider:")) {
                    providerMessages.add(message);
                    return true;
                }
                return false;
            }

            @Override
            public void poll(SyncProviderContext<?, String> c) {
                providerPolls++;
            }

            @Override
            public void onCommitted(Cursor cursor, SyncProviderContext<?, String> c) {
                committed.add(cursor);
            }

            @Override
            public Optional<Index> safeToPrunePrefix(SyncProviderContext<?, String> c) {
                return pruneTo;
            }
        };
    }

    @Override
    public StateSyncSession<Long, String> createSession(SyncSessionContext<Long, String> ctx, Cursor position,
                                                        Index leaderCommit, List<LogEntry<LogPayload<Long>>> entries) {
        Session s = new Session(ctx, position, leaderCommit, entries);
        sessions.add(s);
        return s;
    }

    /** One applied batch as the machine saw it. */
    record Batch(List<Long> commands, Term term, Cursor committed, Cursor logPosition, GroupId groupId,
                 NetworkId networkId) {}

    /** Records every batch with its context; adds commands to a total like the harness's counter. */
    static final class Machine implements StateMachine<Long, Unit, Long> {
        final ScriptedSync sync = new ScriptedSync();
        final List<Batch> batches = new ArrayList<>();
        long total;

        @Override
        public UniqueId signature() {
            return UniqueId.of("test.recording-counter");
        }

        @Override
        public void apply(Long command, ApplyContext ctx) {
            applyBatch(List.of(command), ctx);
        }

        @Override
        public void applyBatch(List<Long> commands, ApplyContext ctx) {
            batches.add(new Batch(List.copyOf(commands), ctx.currentTerm(), ctx.committed(), ctx.logPosition(),
                    ctx.groupId(), ctx.networkId()));
            for (Long c : commands) {
                total += c;
            }
        }

        @Override
        public Long query(Unit query) {
            return total;
        }

        @Override
        public void reset() {
            total = 0;
        }

        @Override
        public StateSync<Long, ?> stateSync() {
            return sync;
        }

        @Override
        public Codec<Long> commandCodec() {
            return Codecs.int64();
        }

        @Override
        public Codec<Unit> queryCodec() {
            return Codecs.unit();
        }

        @Override
        public Codec<Long> resultCodec() {
            return Codecs.int64();
        }
    }

    /** A core over a scripted sync and a recording machine. */
    static final class Node {
        final RaftNode<Long, Unit, Long> raft;
        final InMemoryLogStore<LogPayload<Long>> log;
        final Machine machine;

        Node(dev.groups.consensus.ConsensusConfig config, InMemoryLogStore<LogPayload<Long>> log) {
            this.log = log;
            this.machine = new Machine();
            this.raft = new RaftNode<>(new RaftSetup<>(Harness.peer(0), new GroupId(Digest.of("g")), NetworkId.of("n"),
                    config, machine, log, new SplittableRandom(1)));
            raft.start(0);
        }

        ScriptedSync sync() {
            return machine.sync;
        }

        List<Outgoing<Long, Unit, Long>> flushAndDrain(long now) {
            if (raft.needsFlush()) {
                log.flush();
                raft.flushed(now);
            }
            return raft.drainMessages();
        }
    }
}
