package dev.groups.raft.transport;

import dev.groups.id.PeerId;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.ToIntFunction;

/**
 * The faults a {@link FaultyTransport} injects, changed at any time while it runs. Starts with none.
 *
 * <ul>
 *   <li><b>Drop</b> ({@link #dropRate}) and <b>delay</b> ({@link #delay}, {@link #delayUpTo}) act on
 *       the frames this node sends. Delayed frames keep their order per channel unless
 *       {@link #reorder} is on, and a {@code close} waits behind them.
 *   <li><b>Partition</b> ({@link #partition}) acts both ways: frames to and from those peers are
 *       dropped, including delayed frames released during the partition. With
 *       {@link #refuseConnections}, connecting to them fails and their inbound channels are closed
 *       with {@code UNEXPECTED_CLOSE} before the acceptor sees them.
 *   <li><b>Sever</b> ({@link #sever}) is a crash of the link: live channels to a peer close with
 *       {@code UNEXPECTED_CLOSE}, reported as lost ({@code byRemote} true) on both ends, and frames
 *       still held back by a delay are lost.
 * </ul>
 *
 * <p><b>Dropping frames breaks the channel's reliability on purpose.</b> A frame that is dropped is
 * reported as sent ({@code send} returns true), and no error is raised on either side: consumers see
 * silence (missed heartbeats, timeouts), as they would with a peer that is slow or cut off. A partition
 * likewise leaves channels open. Use these faults to test timeouts and recovery, not framing.
 *
 * <p>Random choices come from one {@link SplittableRandom} seeded by the transport: a run that sends
 * the same frames in the same order makes the same choices.
 *
 * <p><b>Threading.</b> Thread-safe; no method blocks. Changes apply to frames sent afterwards.
 */
public final class Faults {
    private record Delay(long nanos, boolean random) {
        static final Delay NONE = new Delay(0, false);
    }

    private final SplittableRandom random; // guarded by itself
    private final ToIntFunction<PeerId> severer;
    private volatile double dropRate;
    private volatile Delay delay = Delay.NONE;
    private volatile boolean reorder;
    private volatile Set<PeerId> partitioned = Set.of();
    private volatile boolean refuseConnections;

    Faults(long seed, ToIntFunction<PeerId> severer) {
        this.random = new SplittableRandom(seed);
        this.severer = severer;
    }

    /** Drops each frame sent with probability {@code fraction} (0 keeps all, 1 drops all). */
    public Faults dropRate(double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("dropRate must be in 0..1, got " + fraction);
        }
        dropRate = fraction;
        return this;
    }

    /** Delays every frame sent by exactly {@code fixed}; zero turns delays off. */
    public Faults delay(Duration fixed) {
        delay = new Delay(nanos(fixed, "delay"), false);
        return this;
    }

    /** Delays every frame sent by a random time from 0 to {@code max}, inclusive. */
    public Faults delayUpTo(Duration max) {
        delay = new Delay(nanos(max, "delayUpTo"), true);
        return this;
    }

    /** Lets delayed frames overtake each other (off by default: delays keep per-channel order). */
    public Faults reorder(boolean allowed) {
        reorder = allowed;
        return this;
    }

    /** Cuts this node off from {@code peers} (added to those already cut off). */
    public Faults partition(PeerId... peers) {
        return partition(List.of(peers));
    }

    /** Cuts this node off from {@code peers} (added to those already cut off). */
    public synchronized Faults partition(Collection<PeerId> peers) {
        Set<PeerId> next = new HashSet<>(partitioned);
        for (PeerId peer : peers) {
            next.add(Objects.requireNonNull(peer, "peer"));
        }
        partitioned = Set.copyOf(next);
        return this;
    }

    /** Whether partitioned peers also cannot open channels, either way (off by default). */
    public Faults refuseConnections(boolean refuse) {
        refuseConnections = refuse;
        return this;
    }

    /** Ends every partition. Frames dropped meanwhile stay lost. */
    public synchronized Faults heal() {
        partitioned = Set.of();
        return this;
    }

    /** Back to no faults: no drops, delays, reordering, partitions or refusals. */
    public synchronized Faults clear() {
        dropRate = 0;
        delay = Delay.NONE;
        reorder = false;
        partitioned = Set.of();
        refuseConnections = false;
        return this;
    }

    /**
     * Closes every live channel to {@code peer} as a crash would: both ends get
     * {@code onClosed(UNEXPECTED_CLOSE, true)}; delayed frames not yet released are lost. The transport
     * stays usable; new channels to {@code peer} can be opened.
     *
     * @return how many channels were severed
     */
    public int sever(PeerId peer) {
        return severer.applyAsInt(Objects.requireNonNull(peer, "peer"));
    }

    public boolean isPartitioned(PeerId peer) {
        return partitioned.contains(peer);
    }

    boolean refuses(PeerId peer) {
        return refuseConnections && isPartitioned(peer);
    }

    boolean drops() {
        double rate = dropRate;
        if (rate <= 0) {
            return false;
        }
        if (rate >= 1) {
            return true;
        }
        synchronized (random) {
            return random.nextDouble() < rate;
        }
    }

    /** The delay for the next frame sent, in nanoseconds (0: none). */
    long nextDelayNanos() {
        Delay d = delay;
        if (!d.random() || d.nanos() == 0) {
            return d.nanos();
        }
        synchronized (random) {
            return random.nextLong(d.nanos() + 1);
        }
    }

    boolean reorders() {
        return reorder;
    }

    private static long nanos(Duration d, String setting) {
        Objects.requireNonNull(d, setting);
        if (d.isNegative()) {
            throw new IllegalArgumentException(setting + " must not be negative, got " + d);
        }
        return d.toNanos();
    }

    @Override
    public String toString() {
        return "Faults(drop " + dropRate + ", delay " + delay + ", reorder " + reorder
                + ", partitioned " + partitioned.size()
                + " peers" + (refuseConnections ? ", refusing connections" : "") + ")";
    }
}
