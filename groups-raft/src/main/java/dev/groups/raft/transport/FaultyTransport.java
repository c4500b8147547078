package dev.groups.raft.transport;

import dev.groups.id.PeerId;
import dev.groups.transport.Channel;
import dev.groups.transport.ChannelAcceptor;
import dev.groups.transport.CloseReason;
import dev.groups.transport.Endpoint;
import dev.groups.transport.Transport;
import dev.groups.transport.TransportException;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Transport} decorator that injects the {@link Faults} returned by {@link #faults()} into
 * any transport: in-process in tests, QUIC in chaos runs. With no faults set it passes everything
 * through unchanged and keeps the whole contract. What each fault does, and why a dropped frame shows up
 * as silence rather than as an error, is described on {@link Faults}.
 *
 * <p><b>Lifecycle.</b> {@link #close} flushes frames held back by a delay into their inner channels,
 * closes every channel with {@link CloseReason#CANCELLED}, closes the inner transport and stops the
 * scheduler.
 *
 * <p><b>Threading.</b> All methods are thread-safe and never block. Callbacks run on the inner
 * transport's threads. Delays use one daemon scheduler thread per faulty transport, named
 * {@code groups-faulty-delay-<n>}, started by the first delayed frame and stopped by {@link #close}.
 * An acceptor that throws is logged and its channel is closed with
 * {@link CloseReason#PROTOCOL_VIOLATION}.
 */
public final class FaultyTransport implements Transport {
    private static final System.Logger LOG = System.getLogger(FaultyTransport.class.getName());
    private static final AtomicInteger SCHEDULERS = new AtomicInteger();

    private final Transport inner;
    private final int maxFrameLength;
    private final Faults faults;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Set<FaultyChannel> channels = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private boolean closed; // guarded by lock

    /**
     * Wraps {@code inner}.
     *
     * @param maxFrameLength the inner transport's maximum frame length ({@code config.maxFrameLength()}):
     *                       {@code send} refuses longer frames even when a fault would drop or hold them
     * @param seed           seeds the random choices of drops and random delays
     */
    public FaultyTransport(Transport inner, int maxFrameLength, long seed) {
        this.inner = Objects.requireNonNull(inner, "inner");
        if (maxFrameLength < 1) {
            throw new IllegalArgumentException("maxFrameLength must be positive, got " + maxFrameLength);
        }
        this.maxFrameLength = maxFrameLength;
        this.faults = new Faults(seed, this::sever);
        String name = "groups-faulty-delay-" + SCHEDULERS.incrementAndGet();
        // The pool starts its one thread with the first delayed frame.
        this.scheduler = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The faults to inject; change them at any time. */
    public Faults faults() {
        return faults;
    }

    @Override
    public CompletableFuture<Endpoint> start(ChannelAcceptor acceptor) {
        Objects.requireNonNull(acceptor, "acceptor");
        return inner.start(channel -> accept(channel, acceptor));
    }

    @Override
    public Endpoint localEndpoint() {
        return inner.localEndpoint();
    }

    /** {@inheritDoc} Fails at once if {@code expected} is partitioned and connections are refused. */
    @Override
    public CompletableFuture<Channel> connect(PeerId expected, Endpoint address) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(address, "address");
        if (faults.refuses(expected)) {
            return CompletableFuture.failedFuture(new TransportException(
                    "cannot reach " + expected.shortHex() + " at " + address + ": partitioned (injected fault)"));
        }
        return wrap(inner.connect(expected, address));
    }

    /** {@inheritDoc} Fails (and closes the channel) if the peer found there is partitioned and connections are refused. */
    @Override
    public CompletableFuture<Channel> connectAny(Endpoint address) {
        return wrap(inner.connectAny(Objects.requireNonNull(address, "address")));
    }

    private CompletableFuture<Channel> wrap(CompletableFuture<Channel> opening) {
        CompletableFuture<Channel> connected = new CompletableFuture<>();
        opening.whenComplete((channel, error) -> {
            if (error != null) {
                connected.completeExceptionally(error);
                return;
            }
            if (faults.refuses(channel.remotePeer())) {
                channel.close(CloseReason.CANCELLED);
                connected.completeExceptionally(new TransportException("cannot reach " + channel.remotePeer().shortHex()
                        + ": partitioned (injected fault)"));
                return;
            }
            FaultyChannel wrapped = new FaultyChannel(channel, this);
            if (register(wrapped)) {
                connected.complete(wrapped);
            } else {
                channel.close(CloseReason.CANCELLED);
                connected.completeExceptionally(new TransportException("faulty transport is closed"));
            }
        });
        return connected;
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (FaultyChannel channel : channels) {
            channel.closeNow(CloseReason.CANCELLED);
        }
        channels.clear();
        inner.close();
        scheduler.shutdownNow();
    }

    private void accept(Channel channel, ChannelAcceptor acceptor) {
        FaultyChannel wrapped = new FaultyChannel(channel, this);
        if (!register(wrapped)) {
            channel.close(CloseReason.CANCELLED);
            return;
        }
        if (faults.refuses(channel.remotePeer())) {
            // What the connector would see of a partition: the new channel dies as if the link failed.
            wrapped.sever();
            channels.remove(wrapped);
            return;
        }
        try {
            acceptor.accept(wrapped);
        } catch (Throwable e) {
            LOG.log(Level.WARNING, "the acceptor of " + this + " threw; closing " + wrapped + " with PROTOCOL_VIOLATION", e);
            wrapped.close(CloseReason.PROTOCOL_VIOLATION);
        }
    }

    private boolean register(FaultyChannel channel) {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            channels.add(channel);
            return true;
        }
    }

    private int sever(PeerId peer) {
        int severed = 0;
        for (FaultyChannel channel : channels) {
            if (channel.remotePeer().equals(peer) && channel.sever()) {
                severed++;
            }
        }
        return severed;
    }

    void forget(FaultyChannel channel) {
        channels.remove(channel);
    }

    void schedule(Runnable task, long delayNanos) {
        scheduler.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }

    int maxFrameLength() {
        return maxFrameLength;
    }

    @Override
    public String toString() {
        return "FaultyTransport(" + inner + ", " + faults + ")";
    }
}
