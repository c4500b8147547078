package dev.groups.bench.peers.microraft;

import io.microraft.RaftEndpoint;
import io.microraft.RaftNode;
import io.microraft.model.message.RaftMessage;
import io.microraft.transport.Transport;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;

/**
 * A loopback TCP transport for one MicroRaft node, written for this benchmark because MicroRaft ships
 * none. {@link #send} never blocks (MicroRaft's contract): it encodes on the caller's thread and queues
 * the frame; one writer thread per outbound connection drains its queue into a buffered stream and
 * flushes when the queue is empty (so bursts go out in one write). One reader thread per inbound
 * connection decodes frames and hands them to the local node. Frames are length-prefixed; sockets have
 * TCP_NODELAY set.
 */
final class TcpTransport implements Transport, AutoCloseable {
    private final RaftEndpoint local;
    private final MessageCodec codec;
    private final ServerSocket server;
    private final Map<RaftEndpoint, InetSocketAddress> addresses;
    private final Map<RaftEndpoint, Connection> connections = new ConcurrentHashMap<>();
    private final List<Socket> accepted = new ArrayList<>();
    private volatile Supplier<RaftNode> node;
    private volatile boolean closed;

    TcpTransport(RaftEndpoint local, MessageCodec codec, Map<RaftEndpoint, InetSocketAddress> addresses) {
        this.local = local;
        this.codec = codec;
        this.addresses = addresses;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    /** Starts accepting; frames go to {@code target}'s {@code handle}. */
    void start(Supplier<RaftNode> target) {
        this.node = target;
        Thread t = new Thread(this::acceptLoop, "tcp-accept@" + local.getId());
        t.setDaemon(true);
        t.start();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                synchronized (accepted) {
                    accepted.add(s);
                }
                Thread reader = new Thread(() -> readLoop(s), "tcp-read@" + local.getId());
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void readLoop(Socket s) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16))) {
            while (!closed) {
                int length = in.readInt();
                byte[] frame = new byte[length];
                in.readFully(frame);
                RaftMessage m = codec.read(new DataInputStream(new java.io.ByteArrayInputStream(frame)));
                node.get().handle(m);
            }
        } catch (IOException e) {
            // peer closed
        }
    }

    @Override
    public void send(RaftEndpoint target, RaftMessage message) {
        if (closed) {
            return;
        }
        byte[] frame;
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(bytes);
            codec.write(out, message);
            out.flush();
            frame = bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        connections.computeIfAbsent(target, this::connect).queue.offer(frame);
    }

    @Override
    public boolean isReachable(RaftEndpoint endpoint) {
        return addresses.containsKey(endpoint);
    }

    private Connection connect(RaftEndpoint target) {
        Connection c = new Connection(addresses.get(target));
        Thread t = new Thread(c::writeLoop, "tcp-write@" + local.getId() + "->" + target.getId());
        t.setDaemon(true);
        t.start();
        return c;
    }

    private final class Connection {
        final InetSocketAddress address;
        final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();

        Connection(InetSocketAddress address) {
            this.address = address;
        }

        void writeLoop() {
            try (Socket s = new Socket(address.getAddress(), address.getPort())) {
                s.setTcpNoDelay(true);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
                while (!closed) {
                    byte[] frame = queue.take();
                    do {
                        out.writeInt(frame.length);
                        out.write(frame);
                        frame = queue.poll();
                    } while (frame != null);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // closed; MicroRaft tolerates lost messages
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        synchronized (accepted) {
            for (Socket s : accepted) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }
}
