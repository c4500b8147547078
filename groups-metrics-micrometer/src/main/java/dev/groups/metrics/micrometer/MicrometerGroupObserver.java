package dev.groups.metrics.micrometer;

import dev.groups.metrics.GroupGauges;
import dev.groups.metrics.GroupListener;
import dev.groups.metrics.GroupObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.Objects;

/**
 * Publishes every group of a network to a Micrometer {@link MeterRegistry}:
 * {@code Network.builder().observer(new MicrometerGroupObserver(registry))}. Each group's meters carry
 * the tag {@code group} (the first 8 hex digits of its id, as {@code groups status} shows it) and the
 * tags given here; they are removed from the registry when the group stops.
 *
 * <h2>Meters</h2>
 * Names as Micrometer writes them; in Prometheus, dots become underscores, counters end in
 * {@code _total} and timers in {@code _seconds}.
 * <table>
 *   <caption>meters per group</caption>
 *   <tr><th>name</th><th>type</th><th>what</th></tr>
 *   <tr><td>{@code groups.commits}</td><td>counter</td><td>entries committed and applied here (rate: commits/s)</td></tr>
 *   <tr><td>{@code groups.propose.commit}</td><td>timer, histogram (1 ms to 10 s)</td><td>a local proposal to its entries known committed</td></tr>
 *   <tr><td>{@code groups.propose.apply}</td><td>timer, histogram (1 ms to 10 s)</td><td>a local {@code execute} to its entries applied here</td></tr>
 *   <tr><td>{@code groups.log.flush}</td><td>timer, histogram (50 µs to 1 s)</td><td>log flushes (fsync)</td></tr>
 *   <tr><td>{@code groups.commit.index}, {@code groups.applied.index}</td><td>gauges</td><td>positions</td></tr>
 *   <tr><td>{@code groups.apply.lag}</td><td>gauge</td><td>entries committed but not applied yet</td></tr>
 *   <tr><td>{@code groups.log.entries}, {@code groups.log.bytes}</td><td>gauges</td><td>the log's size (bytes: NaN when the store does not say)</td></tr>
 *   <tr><td>{@code groups.term}</td><td>gauge</td><td>the current term</td></tr>
 *   <tr><td>{@code groups.leader}, {@code groups.leader.known}</td><td>gauges</td><td>1 when this node leads; 1 when a leader is known</td></tr>
 *   <tr><td>{@code groups.elections}, {@code groups.leader.changes}</td><td>counters</td><td>candidacies here; leader changes seen</td></tr>
 *   <tr><td>{@code groups.bonds}</td><td>gauge</td><td>open bonds</td></tr>
 *   <tr><td>{@code groups.bond.last.frame.age}</td><td>gauge, tag {@code peer}</td><td>time since the peer's last frame</td></tr>
 *   <tr><td>{@code groups.bond.closes}</td><td>counter, tag {@code reason}</td><td>bonds closed, by close reason</td></tr>
 *   <tr><td>{@code groups.sync.active}, {@code groups.sync.remaining}</td><td>gauges</td><td>1 while catching up; entries left to the sync's target</td></tr>
 *   <tr><td>{@code groups.syncs}, {@code groups.sync.duration}</td><td>counter, timer</td><td>state sync sessions started; how long they took</td></tr>
 *   <tr><td>{@code groups.snapshots}, {@code groups.snapshot.size}, {@code groups.snapshot.duration}</td><td>counter, summary, timer; tag {@code kind}</td><td>snapshots {@code taken} and {@code installed}: count, bytes, time</td></tr>
 * </table>
 *
 * <p>Thread-safe; one instance may observe several networks.
 */
public final class MicrometerGroupObserver implements GroupObserver {
    private final MeterRegistry registry;
    private final Tags tags;

    /** Publishes to {@code registry} with only the {@code group} tag. */
    public MicrometerGroupObserver(MeterRegistry registry) {
        this(registry, Tags.empty());
    }

    /** Publishes to {@code registry}, adding {@code tags} to every meter (e.g. the node's name). */
    public MicrometerGroupObserver(MeterRegistry registry, Iterable<Tag> tags) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    @Override
    public GroupListener groupStarted(GroupGauges group) {
        return new GroupMeters(registry, group, tags.and("group", group.groupId().shortHex()));
    }
}
