package dev.groups.sync;

import dev.groups.id.Digest;
import dev.groups.id.GroupId;
import dev.groups.id.NetworkId;
import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.machine.Codec;
import dev.groups.machine.Codecs;
import dev.groups.storage.InMemoryLogStore;
import dev.groups.storage.Storage;
import dev.groups.sync.LogReplaySync.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * A hand-pumped cluster of log-replay providers and sessions: each node has a log, a provider, at
 * most one session, and bonds; messages go through the real codec into one queue that the test
 * delivers one at a time, and may drop, hold back, or deliver out of order. Time is a manual clock.
 */
final class ReplayHarness {
    static final Codec<LogPayload<String>> PAYLOADS = LogPayload.codec(Codecs.utf8());
    /** How far the clock moves when nothing is left to deliver. */
    static final Duration TICK = Duration.ofSeconds(1);

    /** A message on its way, already encoded. */
    record Envelope(PeerId from, PeerId to, byte[] bytes) {
        Message message(Codec<Message> codec) {
            return codec.decode(bytes);
        }
    }

    /** A delivered message, for assertions. */
    record Delivered(PeerId from, PeerId to, Message message) {}

    final LogReplaySync<String> sync;
    final Codec<Message> codec;
    final Map<PeerId, Node> nodes = new LinkedHashMap<>();
    final List<Envelope> queue = new ArrayList<>();
    final List<Envelope> held = new ArrayList<>();
    final List<Delivered> delivered = new ArrayList<>();
    private final Random random;
    Instant now = Instant.parse("2030-01-01T00:00:00Z");
    /** Messages sent while this holds are lost. */
    Predicate<Envelope> drop = e -> false;
    /** Messages sent while this holds wait in {@link #held} until {@link #release()}. */
    Predicate<Envelope> hold = e -> false;
    double lossRate;
    boolean reorder;

    ReplayHarness(LogReplaySync<String> sync, long seed) {
        this.sync = sync;
        this.codec = sync.messageCodec();
        this.random = new Random(seed);
    }

    Node node(String name) {
        Node node = new Node(new PeerId(Digest.hash(name.getBytes(StandardCharsets.UTF_8))), name);
        nodes.put(node.id, node);
        return node;
    }

    /** Bonds every pair of nodes. */
    void bondAll() {
        for (Node a : nodes.values()) {
            for (Node b : nodes.values()) {
                if (a != b) {
                    a.bonds.add(b.id);
                }
            }
        }
    }

    /** Ends the bond between two nodes: queued messages between them are lost, as with a closed connection. */
    void unbond(Node a, Node b) {
        a.bonds.remove(b.id);
        b.bonds.remove(a.id);
        Predicate<Envelope> between = e -> (e.from.equals(a.id) && e.to.equals(b.id)) || (e.from.equals(b.id) && e.to.equals(a.id));
        queue.removeIf(between);
        held.removeIf(between);
    }

    void release() {
        queue.addAll(held);
        held.clear();
    }

    /** Delivers messages and advances the clock until {@code node}'s session finished; fails past {@code budget}. */
    void runUntilDone(Node node, Duration budget) {
        Instant deadline = now.plus(budget);
        while (node.session != null) {
            if (!step()) {
                if (!now.isBefore(deadline)) {
                    throw new AssertionError("session of " + node.name + " still running at " + node.log.last()
                            + " after " + budget + " of simulated time");
                }
                tick();
            }
        }
    }

    /** Delivers one message (the oldest, or a random one when reordering); false when none is queued. */
    boolean step() {
        if (queue.isEmpty()) {
            return false;
        }
        Envelope e = queue.remove(reorder ? random.nextInt(queue.size()) : 0);
        Node to = nodes.get(e.to);
        if (!to.bonds.contains(e.from)) {
            return true; // the bond closed while it was in flight
        }
        Message message = e.message(codec);
        delivered.add(new Delivered(e.from, e.to, message));
        if (!to.provider.onMessage(e.from, message, to.providerContext) && to.session != null) {
            to.session.onMessage(e.from, message, to.sessionContext);
        }
        to.poll();
        return true;
    }

    /** Time passes: every node polls, as the runtime's timer does. */
    void tick() {
        now = now.plus(TICK);
        for (Node n : nodes.values()) {
            n.poll();
        }
    }

    /** Delivered fetch responses with entries, counted by sender. */
    Map<PeerId, Integer> chunksServedBy() {
        Map<PeerId, Integer> counts = new LinkedHashMap<>();
        for (Delivered d : delivered) {
            if (d.message instanceof ReplayMessages.FetchEntriesResponse r && !r.isNone()) {
                counts.merge(d.from, 1, Integer::sum);
            }
        }
        return counts;
    }

    long delivered(Predicate<Delivered> which) {
        return delivered.stream().filter(which).count();
    }

    private void send(PeerId from, PeerId to, Message message) {
        Node sender = nodes.get(from);
        if (!sender.bonds.contains(to)) {
            return; // not bonded: silently dropped, as the contract says
        }
        Envelope e = new Envelope(from, to, codec.encode(message));
        if (drop.test(e) || (lossRate > 0 && random.nextDouble() < lossRate)) {
            return;
        }
        (hold.test(e) ? held : queue).add(e);
    }

    /** One member: its log, role, provider and (while catching up) session. */
    final class Node {
        final PeerId id;
        final String name;
        final InMemoryLogStore<LogPayload<String>> log = new InMemoryLogStore<>();
        final SortedSet<PeerId> bonds = new TreeSet<>();
        final StateSyncProvider<Message> provider;
        final ProviderContext providerContext = new ProviderContext();
        final SessionContext sessionContext = new SessionContext();
        Cursor committed = Cursor.ZERO;
        boolean leader;
        PeerId leaderId;
        StateSyncSession<String, Message> session;
        Optional<Cursor> result = Optional.empty();

        private Node(PeerId id, String name) {
            this.id = id;
            this.name = name;
            this.provider = sync.createProvider(providerContext);
        }

        /** Appends {@code entries} and marks the first {@code committedCount} committed. */
        Node withLog(List<LogEntry<LogPayload<String>>> entries, long committedCount) {
            for (LogEntry<LogPayload<String>> e : entries) {
                log.append(e.command(), e.term());
            }
            committed = committedCount == 0 ? Cursor.ZERO : log.get(Index.of(committedCount)).orElseThrow().cursor();
            return this;
        }

        Node leading() {
            leader = true;
            leaderId = id;
            return this;
        }

        void startSession(Node leaderNode, Cursor position, List<LogEntry<LogPayload<String>>> entries) {
            leaderId = leaderNode.id;
            session = sync.createSession(sessionContext, position, leaderNode.committed.index(), entries);
            poll();
        }

        void buffer(Cursor position, List<LogEntry<LogPayload<String>>> entries) {
            session.buffer(position, entries, sessionContext);
            poll();
        }

        void poll() {
            provider.poll(providerContext);
            if (session != null) {
                Optional<Cursor> done = session.poll(sessionContext);
                if (done.isPresent()) {
                    if (!done.get().equals(log.last())) {
                        throw new AssertionError("session reported " + done.get() + " but the log ends at " + log.last());
                    }
                    result = done;
                    session = null;
                }
            }
        }

        private abstract class BaseContext {
            public PeerId localId() {
                return id;
            }

            public GroupId groupId() {
                return new GroupId(Digest.zero());
            }

            public NetworkId networkId() {
                return new NetworkId(Digest.zero());
            }

            public Storage<LogPayload<String>> log() {
                return log;
            }

            public Codec<LogPayload<String>> payloadCodec() {
                return PAYLOADS;
            }

            public Cursor committed() {
                return committed;
            }

            public SortedSet<PeerId> bonds() {
                return Collections.unmodifiableSortedSet(new TreeSet<>(bonds));
            }

            public void send(PeerId to, Message message) {
                ReplayHarness.this.send(id, to, message);
            }

            public Instant now() {
                return now;
            }
        }

        final class ProviderContext extends BaseContext implements SyncProviderContext<String, Message> {
            @Override
            public Optional<PeerId> leader() {
                return Optional.ofNullable(leaderId);
            }

            @Override
            public boolean isLeader() {
                return leader;
            }

            @Override
            public boolean feedCommand(String command) {
                return false; // log replay never feeds commands
            }

            @Override
            public RuntimeState runtimeState() {
                throw new AssertionError("log replay never takes a snapshot");
            }

            @Override
            public void restored(RuntimeState state) {
                throw new AssertionError("log replay never restores a snapshot");
            }
        }

        final class SessionContext extends BaseContext implements SyncSessionContext<String, Message> {
            @Override
            public PeerId leader() {
                return leaderId;
            }

            @Override
            public void setCommitted(Cursor cursor) {
                throw new AssertionError("log replay must never set the committed position");
            }

            @Override
            public void setCommitted(Cursor cursor, java.util.Optional<PeerId> termLeader) {
                throw new AssertionError("log replay must never set the committed position");
            }

            @Override
            public void setCommitted(RuntimeState state) {
                throw new AssertionError("log replay must never set the committed position");
            }
        }
    }
}
