package dev.groups.node.internal;

import dev.groups.consensus.VotingConfiguration;
import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.IndexRange;
import dev.groups.machine.Consistency;
import dev.groups.machine.QueryResultAt;
import dev.groups.machine.StateMachine;
import dev.groups.snapshot.SnapshotSync;
import dev.groups.node.GroupSpec;
import dev.groups.node.TextCommands;
import dev.groups.raft.Bond;
import dev.groups.raft.FollowerProgress;
import dev.groups.raft.Group;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One group this node runs, with what status needs beside the {@link Group} handle: its local name,
 * machine and storage names, the log position found at start, and the commit-rate sampler.
 */
public final class JoinedGroup<C, Q, R> {
    private static final long SUMMARY_TIMEOUT_MS = 1_000;

    private final GroupSpec spec;
    private final Group<C, Q, R> group;
    /** This node's peer id. */
    private final PeerId self;
    private final Optional<TextCommands<C, Q, R>> text;
    private final String storage;
    private final Optional<Cursor> restored;
    private final String storageDescription;
    private final CommitRate rate = new CommitRate(10_000);
    /** The machine's snapshot sync, if it catches up from snapshots (read once, here: its counters are thread-safe). */
    private final Optional<SnapshotSync<?>> snapshots;

    @SuppressWarnings("unchecked")
    public JoinedGroup(GroupSpec spec, Group<C, Q, R> group, PeerId self, StateMachine<C, Q, R> machine, String storage,
                       Optional<Cursor> restored, String storageDescription) {
        this.spec = spec;
        this.group = group;
        this.self = self;
        this.text = machine instanceof TextCommands<?, ?, ?> t ? Optional.of((TextCommands<C, Q, R>) t) : Optional.empty();
        this.storage = storage;
        this.restored = restored;
        this.storageDescription = storageDescription;
        this.snapshots = machine.stateSync() instanceof SnapshotSync<?> s ? Optional.of(s) : Optional.empty();
    }

    public String machineName() {
        return spec.machine();
    }

    /** Where the log lives and what was found there at start, for the node's start lines. */
    public String storageDescription() {
        return storageDescription;
    }

    public String name() {
        return spec.name();
    }

    public Group<C, Q, R> group() {
        return group;
    }

    /** This node's peer id. */
    public PeerId self() {
        return self;
    }

    /** Records the committed index now (the node's timer calls this every half second). */
    public void sampleNow(long nanoTime) {
        rate.sample(nanoTime, group.committed().value());
    }

    /**
     * A warning when this group is alone while the network is not: no bond, although {@code otherPeers}
     * peers are known, once the group's bootstrap delay has passed since the node started. A wrong key
     * file (another group id), another machine or other consensus settings look exactly like that, and
     * the lone member would otherwise elect itself and apply commands without a word.
     */
    public Optional<String> isolation(int otherPeers, Duration sinceStart) {
        boolean alone = otherPeers > 0 && group.bonds().isEmpty()
                && sinceStart.compareTo(group.config().bootstrapDelay()) >= 0;
        return alone ? Optional.of("no peer shares group " + spec.name()
                + ": check the key file, the machine and the consensus settings") : Optional.empty();
    }

    /** Parses each line as a command and executes them as one batch; completes once they are applied here. */
    public CompletableFuture<IndexRange> execute(List<String> lines) {
        TextCommands<C, Q, R> t = text.orElseThrow(() -> new IllegalArgumentException(
                "the " + spec.machine() + " machine has no text commands"));
        List<C> commands = new ArrayList<>(lines.size());
        for (String line : lines) {
            commands.add(t.parseCommand(line));
        }
        return group.executeMany(commands);
    }

    /** Parses and runs one query; the result formatted as text, with the log index it was read at. */
    public CompletableFuture<QueryResultAt<String>> query(String line, Consistency consistency) {
        TextCommands<C, Q, R> t = text.orElseThrow(() -> new IllegalArgumentException(
                "the " + spec.machine() + " machine has no text queries"));
        return group.query(t.parseQuery(line), consistency)
                .thenApply(r -> new QueryResultAt<>(t.formatResult(r.result()), r.position()));
    }

    /** The status document of this group (JSON-ready); never contains key material. */
    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", spec.name());
        s.put("id", group.id().toString());
        s.put("machine", spec.machine());
        s.put("storage", storage);
        s.put("role", group.role().name().toLowerCase(Locale.ROOT));
        s.put("term", group.term().value());
        s.put("leader", group.leader().map(Object::toString).orElse(null));
        s.put("online", group.isOnline());
        s.put("committed", group.committed().value());
        s.put("mode", group.config().isStrict() ? "strict" : "dynamic");
        s.put("membership", group.membership().configuration().map(this::membership).orElse(null));
        Cursor log = group.logPosition();
        s.put("log", cursor(log));
        s.put("restoredLog", restored.map(JoinedGroup::cursor).orElse(null));
        long bytes = group.logSizeBytes();
        s.put("logBytes", bytes < 0 ? null : bytes);
        s.put("followers", followers());
        s.put("snapshot", snapshot());
        s.put("commitRate", rate.perSecond());
        s.put("commitRateWindow", rate.windowSeconds());
        Duration interval = group.config().heartbeatInterval();
        List<Object> bonds = new ArrayList<>();
        for (Bond b : group.bonds().list()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("peer", b.peer().toString());
            List<?> addresses = b.peerEntry().entry().addresses();
            m.put("address", addresses.isEmpty() ? null : addresses.get(0).toString());
            long silent = b.sinceLastFrame().toMillis();
            m.put("sinceLastFrameMillis", silent);
            m.put("health", silent <= 2 * interval.toMillis() ? "healthy" : "late");
            bonds.add(m);
        }
        s.put("bonds", bonds);
        s.put("state", summary());
        return s;
    }

    /**
     * A strict-mode configuration as the admin endpoint shows it: the voters (full peer ids, the form
     * {@code --voters} and {@code groups voters add} take), the position of the entry that set them
     * ({@code 0} for the founding voters), whether it is committed, and the members this node is bonded
     * with (itself included) that do not vote: the ones {@code groups voters add} can name.
     */
    public Map<String, Object> membership(VotingConfiguration c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("voters", c.voters().stream().map(PeerId::toString).toList());
        m.put("position", cursor(c.position()));
        m.put("committed", c.committed());
        List<String> others = new ArrayList<>();
        if (!c.voters().contains(self)) {
            others.add(self.toString());
        }
        group.bonds().peers().stream().filter(p -> !c.voters().contains(p)).sorted()
                .forEach(p -> others.add(p.toString()));
        m.put("nonVoters", others);
        return m;
    }

    /** On the leader: each follower's match index and lag; null on other roles (or when the group does not answer). */
    private List<Object> followers() {
        if (!group.isLeader()) {
            return null;
        }
        try {
            List<Object> out = new ArrayList<>();
            for (FollowerProgress f : group.followers().get(SUMMARY_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("peer", f.peer().toString());
                m.put("matchIndex", f.matchIndex().value());
                m.put("lag", f.lag());
                out.add(m);
            }
            return out;
        } catch (Exception e) {
            return null;
        }
    }

    /** The snapshot taken or installed last, when the machine catches up from snapshots. */
    private Map<String, Object> snapshot() {
        if (snapshots.isEmpty()) {
            return null;
        }
        SnapshotSync<?> sync = snapshots.get();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("taken", sync.snapshotsTaken());
        m.put("installed", sync.snapshotsInstalled());
        sync.lastSnapshot().ifPresent(last -> {
            m.put("index", last.anchor().index().value());
            m.put("term", last.anchor().term().value());
            m.put("bytes", last.size());
            m.put("ageMillis", Math.max(0, Duration.between(last.at(), Instant.now()).toMillis()));
            m.put("source", last.installed() ? "installed" : "taken");
        });
        return m;
    }

    private String summary() {
        if (text.isEmpty()) {
            return null;
        }
        TextCommands<C, Q, R> t = text.get();
        try {
            return group.query(t.summaryQuery(), Consistency.WEAK)
                    .thenApply(r -> t.formatResult(r.result()) + " at " + r.position().value())
                    .get(SUMMARY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return "unavailable";
        }
    }

    private static Map<String, Object> cursor(Cursor c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", c.index().value());
        m.put("term", c.term().value());
        return m;
    }
}
