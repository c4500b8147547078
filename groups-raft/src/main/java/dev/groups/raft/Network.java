package dev.groups.raft;

import dev.groups.id.Digest;
import dev.groups.id.GroupId;
import dev.groups.id.NetworkId;
import dev.groups.id.NodeIdentity;
import dev.groups.id.PeerId;
import dev.groups.machine.CodecException;
import dev.groups.metrics.GroupObserver;
import dev.groups.plugin.PluginNotFoundException;
import dev.groups.plugin.Plugins;
import dev.groups.raft.bond.BondFrame;
import dev.groups.raft.bond.BondFrameCodec;
import dev.groups.raft.discovery.Discovery;
import dev.groups.raft.discovery.SignedPeerEntry;
import dev.groups.raft.transport.InProcessTransportProvider;
import dev.groups.transport.Channel;
import dev.groups.transport.ChannelListener;
import dev.groups.transport.CloseReason;
import dev.groups.transport.Endpoint;
import dev.groups.transport.Transport;
import dev.groups.transport.TransportConfig;
import dev.groups.transport.TransportException;
import dev.groups.transport.TransportProvider;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * This node: its identity ({@link NodeIdentity}, whose public key is its {@link PeerId}), its
 * transport, its discovery catalog, and the groups it joins ({@link #groups()}). The entry point of the
 * library.
 *
 * <pre>{@code
 * Network network = Network.builder().listen(Endpoint.parse("0.0.0.0:7400")).start();
 * Group<Unit, Unit, Unit> group = network.groups().withKey(GroupKey.fromSecret("s3cret")).join();
 * group.when().leaderElected().join();
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} leaves every group (peers hear a departure) and stops the transport.
 *
 * <p><b>Threads.</b> Besides the transport's own, a node has a fixed pool of worker threads
 * ({@link Builder#workerThreads}) on which every group runs as an actor, and one timer thread, however
 * many groups it joins. Futures returned by groups complete on a worker: a continuation that blocks
 * holds up the other groups of the node (use an {@code ...Async} stage to move blocking work off it).
 */
public final class Network implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Network.class.getName());
    private static final SecureRandom NONCES = new SecureRandom();
    private static final String DEFAULT_TRANSPORT = "quic";
    private static final String QUIC_MODULE = "groups-transport-quic";

    private final NodeIdentity identity;
    private final NetworkId networkId;
    private final Transport transport;
    private final Discovery discovery;
    private final Duration handshakeTimeout;
    private final Clock clock;
    private final Groups groups;
    /** The node's one timer thread: discovery's timers and every group's deadlines (see {@link Workers}). */
    private final ScheduledThreadPoolExecutor timers;
    /** The worker threads every group of this node runs on, as an actor. */
    private final Workers workers;
    /** Heartbeats and silence per peer, for all groups at once. */
    private final PeerLiveness liveness;
    private final long startNanos = System.nanoTime();
    private final Endpoint endpoint;
    private final Admission admission;
    private final GroupObserver observer;
    private final java.util.concurrent.atomic.AtomicBoolean announcePending = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicBoolean entryPushPending = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean closed;
    /** Periodic re-announcement (spec §7.2: every 45 s ± 50 %), which also keeps our entry fresh elsewhere. */
    private static final long ANNOUNCE_EVERY_MILLIS = 45_000;
    /** Changes within this window are announced together. */
    private static final long ANNOUNCE_DEBOUNCE_MILLIS = 50;

    private Network(Builder b) {
        this.identity = b.identity;
        this.networkId = b.network;
        this.handshakeTimeout = b.handshakeTimeout;
        this.clock = b.clock;
        this.observer = b.observer;
        this.admission = new Admission(b.admissionLimits, b.clock::millis);
        this.timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "groups-timer@" + b.identity.peerId().shortHex());
            t.setDaemon(true);
            return t;
        });
        timers.setRemoveOnCancelPolicy(true); // groups re-arm often: cancelled deadlines must not pile up
        this.workers = new Workers(b.workerThreads, b.identity.peerId().shortHex(), timers);
        this.liveness = new PeerLiveness(timers, this::nowMillis);
        this.transport = b.transport != null ? b.transport
                : transportProvider(b.transportName, b.listen).create(TransportConfig.of(identity, b.listen));
        try {
            this.endpoint = started(transport.start(this::onChannel));
        } catch (RuntimeException | Error e) {
            timers.shutdownNow();
            workers.shutdown();
            try {
                transport.close(); // whatever it allocated before failing (threads, a half-bound socket)
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        AdmissionLimits limits = b.admissionLimits;
        this.discovery = new Discovery(identity, networkId, List.of(endpoint), clock, b.purgeAfter,
                new Discovery.Limits(limits.maxCatalogEntries(), limits.maxCatalogBytes(), limits.maxEntryBytes(),
                        limits.maxTicketsPerEntry()));
        this.groups = new Groups(this);
        discovery.onLocalChange(me -> {
            pushLocalEntry(); // bonded peers hear at once (spec §7.2), once per peer, not once per group
            announceSoon(); // peers we are not bonded with learn of the change too (a join, a new ticket)
        });
        // Only the groups the peer is in, or bonded with it in, care (a node in 1,000 groups must not
        // wake 1,000 groups for every update of every peer).
        discovery.onCatalogChange(e -> groups.forEach(g -> {
            if (e.entry().groups().contains(g.id) || g.bondsView.contains(e.peerId())) {
                g.catalogChanged(e);
            }
        }));
        for (Bootstrap peer : b.bootstrap) {
            bootstrap(peer, 0);
        }
        scheduleRefresh();
    }

    /** A peer to exchange catalogs with at start, to find the rest of the network; {@code peer} null: whoever listens there. */
    private record Bootstrap(PeerId peer, Endpoint address) {}

    /** Exchanges catalogs with a bootstrap peer, retrying with backoff until it answers (or we close). */
    private void bootstrap(Bootstrap peer, int attempt) {
        if (closed) {
            return;
        }
        CompletableFuture<Integer> exchange = peer.peer() == null ? syncWith(peer.address())
                : syncWith(peer.peer(), peer.address());
        exchange.whenComplete((learned, err) -> {
            if (err != null && !closed) {
                long delay = Math.min(10_000, 250L << Math.min(attempt, 6));
                try {
                    timers.schedule(() -> bootstrap(peer, attempt + 1), delay, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // closed meanwhile
                }
            }
        });
    }

    /**
     * Sends our latest entry to every peer we have a bond with, once per peer on one of its bonds (the
     * receiving node hands it to all its groups through its catalog). Changes made while a push is
     * queued ride along with it: joining 1,000 groups does not send 1,000 entries to every bond.
     */
    private void pushLocalEntry() {
        if (closed || !entryPushPending.compareAndSet(false, true)) {
            return;
        }
        try {
            timers.execute(() -> {
                entryPushPending.set(false);
                byte[] frame = BondFrameCodec.encode(new BondFrame.PeerEntryUpdate(discovery.me()));
                liveness.sendToEveryPeer(frame);
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed
        }
    }

    private void announceSoon() {
        if (!closed && announcePending.compareAndSet(false, true)) {
            timers.schedule(() -> {
                announcePending.set(false);
                announce();
            }, ANNOUNCE_DEBOUNCE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Exchanges catalogs with every known peer: our new entry reaches them, theirs reach us. */
    private void announce() {
        for (SignedPeerEntry peer : discovery.peers()) {
            if (closed || peer.entry().addresses().isEmpty()) {
                continue;
            }
            Endpoint address = peer.entry().addresses().get(0);
            if (!admission.mayDial(peer.peerId(), address)) {
                continue; // the catalog is written by anyone: its addresses are dialed within a budget only
            }
            syncWith(peer.peerId(), address).whenComplete((n, e) -> {
                if (e != null) {
                    admission.dialFailed(address);
                }
            });
        }
    }

    private void scheduleRefresh() {
        long delay = ANNOUNCE_EVERY_MILLIS / 2 + new java.util.SplittableRandom().nextLong(ANNOUNCE_EVERY_MILLIS);
        try {
            timers.schedule(() -> {
                announce();
                scheduleRefresh();
            }, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The observer of this node's groups ({@link GroupObserver#NONE} unless the builder set one). */
    GroupObserver observer() {
        return observer;
    }

    public PeerId localId() {
        return identity.peerId();
    }

    public NetworkId networkId() {
        return networkId;
    }

    /** Where this node listens (the bound address). */
    public Endpoint endpoint() {
        return endpoint;
    }

    public Discovery discovery() {
        return discovery;
    }

    public Groups groups() {
        return groups;
    }

    Transport transport() {
        return transport;
    }

    Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    Clock clock() {
        return clock;
    }

    Admission admission() {
        return admission;
    }

    Workers workers() {
        return workers;
    }

    PeerLiveness liveness() {
        return liveness;
    }

    /** Monotonic milliseconds since this node started (never 0): the clock of its groups' timers. */
    long nowMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000 + 1;
    }

    Groups groupsImpl() {
        return groups;
    }

    /**
     * Exchanges catalogs with a peer (spec §1.11 {@code sync_with}): both learn every entry the other
     * knows, so groups can find their members.
     *
     * @return completes with the number of entries that were new or newer here
     */
    public CompletableFuture<Integer> syncWith(PeerId peer, Endpoint address) {
        return exchangeCatalogs(transport.connect(peer, address), peer.shortHex(), discovery.get(peer).orElse(null));
    }

    /**
     * Exchanges catalogs with whichever node listens at {@code address}, learning its identity from the
     * transport's handshake (for bootstrapping from an address alone).
     *
     * @return completes with the number of entries that were new or newer here
     */
    public CompletableFuture<Integer> syncWith(Endpoint address) {
        return exchangeCatalogs(transport.connectAny(address), address.toString(), null);
    }

    /**
     * Hello, then our pages (what we serve {@code theirs}, the peer's entry if we know it: only our own
     * otherwise), then we take in the peer's pages until its last.
     */
    private CompletableFuture<Integer> exchangeCatalogs(CompletableFuture<Channel> connecting, String peer,
                                                        SignedPeerEntry theirs) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        AtomicReference<Channel> channel = new AtomicReference<>();
        AtomicLong progress = new AtomicLong(System.nanoTime());
        connecting.whenComplete((ch, err) -> {
            if (err != null) {
                result.completeExceptionally(err);
                return;
            }
            channel.set(ch);
            progress.set(System.nanoTime());
            CatalogPages.Intake intake = new CatalogPages.Intake(discovery, ch.remotePeer());
            ch.start(new ChannelListener() {
                @Override
                public void onFrame(byte[] frame) {
                    progress.set(System.nanoTime());
                    try {
                        if (!result.isDone()
                                && BondFrameCodec.decodeDeferringCatalogSignatures(frame) instanceof BondFrame.Catalog c) {
                            if (!intake.take(c)) {
                                result.completeExceptionally(new TransportException("catalog exchange with " + peer
                                        + " sent more than our catalog may hold, or a forged entry",
                                        CloseReason.PROTOCOL_VIOLATION, null));
                                ch.close(CloseReason.PROTOCOL_VIOLATION);
                            } else if (c.last()) {
                                result.complete(intake.learned());
                                ch.close(CloseReason.SUCCESS);
                            }
                            return;
                        }
                    } catch (CodecException e) {
                        // fall through: a bad answer ends the exchange
                    }
                    ch.close(CloseReason.PROTOCOL_VIOLATION);
                }

                @Override
                public void onClosed(CloseReason reason, boolean byRemote) {
                    result.completeExceptionally(new TransportException("catalog exchange with " + peer
                            + " ended: " + reason, reason, null));
                }
            });
            byte[] nonce = new byte[32];
            NONCES.nextBytes(nonce);
            ch.send(BondFrameCodec.encode(new BondFrame.Hello(BondFrame.Purpose.CATALOG, networkId,
                    new GroupId(Digest.zero()), nonce, discovery.me())));
            sendCatalog(ch, theirs);
        });
        expireUnlessProgressing(result, channel, progress, peer);
        return result;
    }

    /**
     * Ends an exchange that made no progress (no page) for twice the handshake timeout. Measured from
     * the last page, not the start, because a large catalog takes a while (every entry's signature is
     * checked) while a silent peer should not hold the channel for long.
     */
    private void expireUnlessProgressing(CompletableFuture<Integer> result, AtomicReference<Channel> channel,
                                         AtomicLong progress, String peer) {
        long limit = TimeUnit.MILLISECONDS.toNanos(handshakeTimeout.toMillis() * 2);
        try {
            timers.schedule(() -> {
                if (result.isDone()) {
                    return;
                }
                if (System.nanoTime() - progress.get() >= limit) {
                    result.completeExceptionally(new TransportException("catalog exchange with " + peer + " timed out"));
                    Channel ch = channel.get();
                    if (ch != null) {
                        ch.close(CloseReason.TIMEOUT);
                    }
                } else {
                    expireUnlessProgressing(result, channel, progress, peer);
                }
            }, handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new TransportException("catalog exchange with " + peer + ": node closed"));
        }
    }

    /** What we serve {@code requester} ({@link Discovery#catalogFor}), in pages. */
    private void sendCatalog(Channel ch, SignedPeerEntry requester) {
        for (BondFrame.Catalog page : CatalogPages.pages(discovery.catalogFor(requester),
                admission.limits().catalogPageBytes())) {
            ch.send(BondFrameCodec.encode(page));
        }
    }

    /** Every inbound channel starts here: the first frame must be a valid Hello within the handshake timeout. */
    private void onChannel(Channel channel) {
        if (closed) {
            channel.close(CloseReason.CANCELLED);
            return;
        }
        Inbound inbound = new Inbound(channel);
        channel.start(inbound);
        timers.schedule(inbound::timeout, handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        timers.schedule(inbound::catalogTimeout, handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The first frames of an inbound channel, before it belongs to a group (spec §3.5 acceptor steps 1–5). */
    private final class Inbound implements ChannelListener {
        private final Channel channel;
        private volatile boolean helloSeen;
        private volatile boolean catalog;
        /** A catalog exchange: the initiator's entry and its pages so far; null for a bond. */
        private volatile SignedPeerEntry requester;
        private volatile CatalogPages.Intake intake;
        private volatile boolean answered;
        private volatile long lastPage = System.nanoTime();
        /** The bond that took the channel over; null until then. */
        private volatile ChannelListener target;

        Inbound(Channel channel) {
            this.channel = channel;
        }

        void target(ChannelListener listener) {
            target = listener;
        }

        @Override
        public void onFrame(byte[] frame) {
            ChannelListener t = target;
            if (t != null) {
                t.onFrame(frame);
                return;
            }
            if (catalog) {
                lastPage = System.nanoTime(); // a page arrived: progress, however long checking it takes
            }
            BondFrame f;
            try {
                f = catalog ? BondFrameCodec.decodeDeferringCatalogSignatures(frame) : BondFrameCodec.decode(frame);
            } catch (CodecException e) {
                channel.close(helloSeen ? CloseReason.PROTOCOL_VIOLATION : CloseReason.INVALID_HANDSHAKE);
                return;
            }
            if (catalog && !answered && f instanceof BondFrame.Catalog c) {
                if (!intake.take(c)) {
                    channel.close(CloseReason.PROTOCOL_VIOLATION); // more than our whole catalog may hold, or forged
                } else if (c.last()) {
                    answered = true;
                    sendCatalog(channel, requester);
                }
                return;
            }
            if (helloSeen || !(f instanceof BondFrame.Hello hello)) {
                channel.close(CloseReason.INVALID_HANDSHAKE);
                return;
            }
            helloSeen = true;
            if (!hello.network().equals(networkId)) {
                channel.close(CloseReason.DIFFERENT_NETWORK);
                return;
            }
            if (!hello.sender().peerId().equals(channel.remotePeer())) {
                channel.close(CloseReason.INVALID_HANDSHAKE); // the entry must be the authenticated peer's own
                return;
            }
            if (hello.purpose() == BondFrame.Purpose.CATALOG) {
                requester = hello.sender();
                intake = new CatalogPages.Intake(discovery, channel.remotePeer());
                catalog = true;
                discovery.feed(hello.sender(), true);
                return;
            }
            if (admission.isLimited(channel.remotePeer(), channel.remoteEndpoint())) {
                // Too many wrong proofs from this identity or address lately: no more guesses for now.
                channel.close(CloseReason.NOT_ALLOWED);
                return;
            }
            GroupRuntime<?, ?, ?> group = groups.active(hello.group());
            if (group == null) {
                channel.close(CloseReason.GROUP_NOT_FOUND);
                return;
            }
            // From here the group's thread owns the channel; its listener replaces this one.
            group.execute(() -> group.accept(new Handover(channel, this), hello));
        }

        @Override
        public void onClosed(CloseReason reason, boolean byRemote) {
            ChannelListener t = target;
            if (t != null) {
                t.onClosed(reason, byRemote);
                return;
            }
            LOG.log(System.Logger.Level.DEBUG, "inbound channel from {0} closed before a bond: {1}",
                    channel.remotePeer().shortHex(), reason);
        }

        void timeout() {
            if (!helloSeen) {
                channel.close(CloseReason.TIMEOUT);
            }
        }

        /**
         * A catalog exchange whose initiator sends no page for twice the handshake timeout is ended,
         * as the initiator's own wait would be; checked every handshake timeout until answered.
         */
        void catalogTimeout() {
            if (answered || !catalog || !channel.isOpen()) {
                return; // answered, a bond (not ours to time), or gone; no Hello yet is timeout()'s
            }
            if (System.nanoTime() - lastPage >= TimeUnit.MILLISECONDS.toNanos(handshakeTimeout.toMillis() * 2)) {
                channel.close(CloseReason.TIMEOUT);
                return;
            }
            try {
                timers.schedule(this::catalogTimeout, handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed
            }
        }
    }

    /**
     * The channel as a group sees it after the Hello: {@link #start} re-targets the already started
     * channel's frames to the bond.
     */
    private static final class Handover implements Channel {
        private final Channel channel;
        private final Inbound inbound;

        Handover(Channel channel, Inbound inbound) {
            this.channel = channel;
            this.inbound = inbound;
        }

        @Override
        public PeerId remotePeer() {
            return channel.remotePeer();
        }

        @Override
        public Endpoint remoteEndpoint() {
            return channel.remoteEndpoint();
        }

        @Override
        public void start(ChannelListener listener) {
            inbound.target(listener);
        }

        @Override
        public boolean send(byte[] frame) {
            return channel.send(frame);
        }

        @Override
        public void close(CloseReason reason) {
            channel.close(reason);
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }
    }

    /** Leaves every group (peers hear a departure), then stops the transport. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CompletableFuture.allOf(groups.leaveAll().toArray(new CompletableFuture<?>[0]))
                .orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        transport.close();
        timers.shutdownNow();
        workers.shutdown();
    }

    @Override
    public String toString() {
        return "Network(" + localId().shortHex() + " @ " + endpoint + ")";
    }

    /**
     * The provider named {@code name}; without a name, the one network transport installed (QUIC when
     * several are). The in-process transport only carries frames inside this JVM, so it is never picked
     * by default: a missing {@code groups-transport-quic} would otherwise look like a network that
     * works in one process and never connects across two.
     */
    private static TransportProvider transportProvider(String name, Endpoint listen) {
        ServiceLoader<TransportProvider> loader = ServiceLoader.load(TransportProvider.class);
        if (name != null) {
            return Plugins.select(loader, "transport", name, name.equals(DEFAULT_TRANSPORT) ? QUIC_MODULE : null);
        }
        Map<String, TransportProvider> network = new TreeMap<>(Plugins.byName(loader, "transport"));
        network.remove(InProcessTransportProvider.NAME);
        if (network.size() == 1) {
            return network.values().iterator().next();
        }
        TransportProvider quic = network.get(DEFAULT_TRANSPORT);
        if (quic != null) {
            return quic;
        }
        if (network.isEmpty()) {
            throw new PluginNotFoundException("no network transport is installed to listen on " + listen
                    + ": add the dependency dev.groups:" + QUIC_MODULE + " to your project (the in-process"
                    + " transport, which reaches only this JVM, is used only when chosen with"
                    + " transportName(\"" + InProcessTransportProvider.NAME + "\"))");
        }
        throw new PluginNotFoundException("several network transports are installed (" + String.join(", ",
                network.keySet()) + ") and none is called \"" + DEFAULT_TRANSPORT + "\": choose one with transportName(...)");
    }

    /** The transport's own exception when it cannot start (a port in use), not a CompletionException around it. */
    private static Endpoint started(CompletableFuture<Endpoint> start) {
        try {
            return start.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new TransportException("the transport did not start: " + cause, null, cause);
        }
    }

    /** Configures and starts a {@link Network}. */
    public static final class Builder {
        private NodeIdentity identity;
        private NetworkId network = NetworkId.of("groups");
        private Transport transport;
        private String transportName;
        private Endpoint listen = new Endpoint("127.0.0.1", 0);
        private Duration handshakeTimeout = Duration.ofSeconds(2);
        private Duration purgeAfter = Discovery.DEFAULT_PURGE_AFTER;
        private Clock clock = Clock.systemUTC();
        private AdmissionLimits admissionLimits = AdmissionLimits.defaults();
        private GroupObserver observer = GroupObserver.NONE;
        private int workerThreads = Workers.defaultThreads();
        private final List<Bootstrap> bootstrap = new ArrayList<>();

        private Builder() {}

        /** A peer to exchange catalogs with at start (retried until it answers); repeatable. */
        public Builder bootstrap(PeerId peer, Endpoint address) {
            bootstrap.add(new Bootstrap(Objects.requireNonNull(peer), Objects.requireNonNull(address)));
            return this;
        }

        /**
         * An address to exchange catalogs with at start (retried until it answers), whoever listens
         * there: its identity is learned from the transport's handshake. Repeatable.
         */
        public Builder bootstrap(Endpoint address) {
            bootstrap.add(new Bootstrap(null, Objects.requireNonNull(address)));
            return this;
        }

        /** This node's key pair (default: a fresh one). */
        public Builder identity(NodeIdentity identity) {
            this.identity = Objects.requireNonNull(identity);
            return this;
        }

        /** Which network this node belongs to (default {@code NetworkId.of("groups")}). */
        public Builder network(NetworkId network) {
            this.network = Objects.requireNonNull(network);
            return this;
        }

        /** A transport to use as is; it is started by {@link #start()}. */
        public Builder transport(Transport transport) {
            this.transport = Objects.requireNonNull(transport);
            return this;
        }

        /**
         * The transport provider to find through ServiceLoader, by name: {@code "quic"}
         * ({@code groups-transport-quic}) or {@code "inprocess"} (this JVM only, for tests and demos).
         * Default: the one network transport installed, QUIC when there are several; the in-process
         * transport is used only when named here. {@link #start()} fails with a
         * {@link PluginNotFoundException} naming the module to add when there is none.
         */
        public Builder transportName(String name) {
            this.transportName = Objects.requireNonNull(name);
            return this;
        }

        /** Where to listen (default 127.0.0.1, any free port). */
        public Builder listen(Endpoint listen) {
            this.listen = Objects.requireNonNull(listen);
            return this;
        }

        /** How long a bond handshake may take (default 2 s, spec §1.6). */
        public Builder handshakeTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("handshakeTimeout must be positive");
            }
            this.handshakeTimeout = timeout;
            return this;
        }

        /** After how long without news a peer's entry is stale (default 300 s). */
        public Builder purgeAfter(Duration purgeAfter) {
            this.purgeAfter = Objects.requireNonNull(purgeAfter);
            return this;
        }

        /** Bounds against peers not admitted yet: failed proofs, catalog size, dial budget (default {@link AdmissionLimits#defaults()}). */
        public Builder admissionLimits(AdmissionLimits limits) {
            this.admissionLimits = Objects.requireNonNull(limits);
            return this;
        }

        /** The wall clock used for ticket validity and entry staleness (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /**
         * Observes every group this node joins, for metrics (default {@link GroupObserver#NONE}: nothing
         * is observed). {@code groups-metrics-micrometer} provides one for a Micrometer registry.
         */
        public Builder observer(GroupObserver observer) {
            this.observer = Objects.requireNonNull(observer);
            return this;
        }

        /**
         * How many worker threads run this node's groups (default: the number of cores, at least 2).
         * Every group is an actor on these threads: its events run one at a time and in order, on
         * whichever worker is free, so a node with 10,000 groups still has this many. Log flushes and
         * state machine calls run on them too, so a node whose logs sync to a slow disk may want more.
         */
        public Builder workerThreads(int threads) {
            if (threads < 1 || threads > 1024) {
                throw new IllegalArgumentException("workerThreads must be between 1 and 1024, was " + threads);
            }
            this.workerThreads = threads;
            return this;
        }

        /**
         * Starts the transport and returns the running node.
         *
         * @throws PluginNotFoundException no transport was given and none fits (see {@link #transportName})
         * @throws TransportException      the transport's own exception when it cannot start (an address in use)
         */
        public Network start() {
            if (identity == null) {
                identity = NodeIdentity.generate();
            }
            return new Network(this);
        }
    }
}
