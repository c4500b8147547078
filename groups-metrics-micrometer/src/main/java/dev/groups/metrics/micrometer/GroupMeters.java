package dev.groups.metrics.micrometer;

import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.Term;
import dev.groups.metrics.GroupGauges;
import dev.groups.metrics.GroupListener;
import dev.groups.transport.CloseReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * One group's meters (see {@link MicrometerGroupObserver} for the list). Counters and timers are
 * registered once, up front, so an event costs one update; gauges read the group's
 * {@link GroupGauges} when the registry is scraped. Events come on the group's thread; the per-peer
 * gauges are kept in a concurrent map because a scrape may run while a bond opens or closes.
 */
final class GroupMeters implements GroupListener {
    /**
     * Histogram buckets of the request latencies: fixed and few (a dozen, not Micrometer's ~70 percentile
     * buckets per timer), so a node with many groups stays cheap to scrape; they aggregate across nodes.
     */
    private static final Duration[] REQUEST_BUCKETS = millis(1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000);
    /** Flushes: from a page-cache write (tens of microseconds) to a slow disk. */
    private static final Duration[] FLUSH_BUCKETS = {Duration.ofNanos(50_000), Duration.ofNanos(100_000),
            Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofNanos(2_500_000),
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1)};

    private final MeterRegistry registry;
    private final GroupGauges group;
    private final Tags tags;
    private final Map<Meter.Id, Meter> registered = new ConcurrentHashMap<>();
    private final Map<PeerId, Meter> frameAges = new ConcurrentHashMap<>();

    private final Counter commits;
    private final Timer proposeToCommit;
    private final Timer proposeToApply;
    private final Timer flushes;
    private final Counter elections;
    private final Counter leaderChanges;
    private final Counter syncs;
    private final Timer syncDuration;
    private final Counter snapshotsTaken;
    private final Counter snapshotsInstalled;
    private final DistributionSummary snapshotTakenSize;
    private final DistributionSummary snapshotInstalledSize;
    private final Timer snapshotTakenDuration;
    private final Timer snapshotInstalledDuration;

    GroupMeters(MeterRegistry registry, GroupGauges group, Tags tags) {
        this.registry = registry;
        this.group = group;
        this.tags = tags;
        commits = keep(Counter.builder("groups.commits").tags(tags)
                .description("log entries committed and applied on this node").register(registry));
        proposeToCommit = keep(latency("groups.propose.commit",
                "from a local proposal to its entries known committed here", REQUEST_BUCKETS));
        proposeToApply = keep(latency("groups.propose.apply",
                "from a local execute to its entries applied here", REQUEST_BUCKETS));
        flushes = keep(latency("groups.log.flush", "log flushes (fsync for a durable log)", FLUSH_BUCKETS));
        elections = keep(Counter.builder("groups.elections").tags(tags)
                .description("elections this node stood in").register(registry));
        leaderChanges = keep(Counter.builder("groups.leader.changes").tags(tags)
                .description("changes of the leader this node follows (a loss counts too)").register(registry));
        syncs = keep(Counter.builder("groups.syncs").tags(tags)
                .description("state sync sessions started (catching up)").register(registry));
        syncDuration = keep(Timer.builder("groups.sync.duration").tags(tags)
                .description("how long state sync sessions took").register(registry));
        snapshotsTaken = keep(snapshotCounter("taken"));
        snapshotsInstalled = keep(snapshotCounter("installed"));
        snapshotTakenSize = keep(snapshotSize("taken"));
        snapshotInstalledSize = keep(snapshotSize("installed"));
        snapshotTakenDuration = keep(snapshotDuration("taken"));
        snapshotInstalledDuration = keep(snapshotDuration("installed"));

        gauge("groups.term", null, "the current term", g -> g.term().value());
        gauge("groups.leader", null, "1 when this node leads the group", g -> g.isLeader() ? 1 : 0);
        gauge("groups.leader.known", null, "1 when a leader is known (0 during an election)",
                g -> g.leader().isPresent() ? 1 : 0);
        gauge("groups.commit.index", null, "the highest index known committed", GroupGauges::commitIndex);
        gauge("groups.applied.index", null, "the highest index applied to the state machine", GroupGauges::appliedIndex);
        gauge("groups.apply.lag", "entries", "entries committed but not applied yet",
                g -> Math.max(0, g.commitIndex() - g.appliedIndex()));
        gauge("groups.log.entries", null, "entries in the log", GroupGauges::logEntries);
        gauge("groups.log.bytes", "bytes", "bytes the log takes in its store (NaN when the store does not say)",
                g -> g.logBytes() < 0 ? Double.NaN : g.logBytes());
        gauge("groups.bonds", null, "open bonds with other members", g -> g.bondedPeers().size());
        gauge("groups.sync.active", null, "1 while this node catches up through its state sync", g -> g.isCatchingUp() ? 1 : 0);
        gauge("groups.sync.remaining", "entries", "entries left to the state sync's target", GroupGauges::syncRemaining);
    }

    private Timer latency(String name, String description, Duration[] buckets) {
        return Timer.builder(name).tags(tags).description(description).serviceLevelObjectives(buckets).register(registry);
    }

    private Counter snapshotCounter(String kind) {
        return Counter.builder("groups.snapshots").tags(tags).tag("kind", kind)
                .description("snapshots taken here or installed from a peer").register(registry);
    }

    private DistributionSummary snapshotSize(String kind) {
        return DistributionSummary.builder("groups.snapshot.size").baseUnit("bytes").tags(tags).tag("kind", kind)
                .description("snapshot sizes").register(registry);
    }

    private Timer snapshotDuration(String kind) {
        return Timer.builder("groups.snapshot.duration").tags(tags).tag("kind", kind)
                .description("time to write a snapshot, or to receive and install one").register(registry);
    }

    private void gauge(String name, String unit, String description, ToDoubleFunction<GroupGauges> value) {
        keep(Gauge.builder(name, group, value).baseUnit(unit).tags(tags).description(description)
                .strongReference(true).register(registry));
    }

    private <M extends Meter> M keep(M meter) {
        registered.put(meter.getId(), meter);
        return meter;
    }

    private static Duration[] millis(long... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofMillis(values[i]);
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------- events

    @Override
    public void committed(long entries) {
        commits.increment(entries);
    }

    @Override
    public void proposeToCommit(long nanos) {
        proposeToCommit.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void proposeToApply(long nanos) {
        proposeToApply.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void flushed(long nanos) {
        flushes.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void electionStarted(Term term) {
        elections.increment();
    }

    @Override
    public void leaderChanged(Optional<PeerId> leader, Term term) {
        leaderChanges.increment();
    }

    @Override
    public void bondOpened(PeerId peer) {
        Gauge age = Gauge.builder("groups.bond.last.frame.age", group, g -> {
                    long millis = g.millisSinceLastFrame(peer);
                    return millis < 0 ? Double.NaN : millis / 1000.0;
                }).baseUnit("seconds").tags(tags).tag("peer", peer.shortHex())
                .description("time since the last frame from the peer on its bond").strongReference(true).register(registry);
        frameAges.put(peer, age);
        keep(age);
    }

    @Override
    public void bondClosed(PeerId peer, CloseReason reason) {
        Meter age = frameAges.remove(peer);
        if (age != null) {
            registered.remove(age.getId());
            registry.remove(age);
        }
        keep(Counter.builder("groups.bond.closes").tags(tags).tag("reason", reason.name())
                .description("bonds closed, by close reason").register(registry)).increment();
    }

    @Override
    public void syncStarted(Cursor target) {
        syncs.increment();
    }

    @Override
    public void syncFinished(Cursor reached, long nanos) {
        syncDuration.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void snapshotTaken(Index upTo, long bytes, long nanos) {
        snapshotsTaken.increment();
        snapshotTakenSize.record(bytes);
        snapshotTakenDuration.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void snapshotInstalled(Index upTo, long bytes, long nanos) {
        snapshotsInstalled.increment();
        snapshotInstalledSize.record(bytes);
        snapshotInstalledDuration.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The group stopped: its meters leave the registry (a group joined again registers afresh). */
    @Override
    public void stopped() {
        for (Meter m : registered.values()) {
            registry.remove(m);
        }
        registered.clear();
        frameAges.clear();
    }
}
