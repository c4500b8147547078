package dev.groups.benchmarks.transport;

import dev.groups.id.Digest;
import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.LogEntry;
import dev.groups.log.LogPayload;
import dev.groups.log.Term;
import dev.groups.machine.Codecs;
import dev.groups.machine.Unit;
import dev.groups.raft.bond.BondFrame;
import dev.groups.raft.bond.BondFrameCodec;
import dev.groups.raft.core.RaftMessage;
import dev.groups.raft.wire.RaftCodec;
import dev.groups.transport.TransportConfig;
import dev.groups.transport.quic.internal.FrameCodec;
import dev.groups.transport.quic.internal.FrameException;
import dev.groups.transport.quic.internal.WireFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An AppendEntries of {@code entries} commands of 256 B on its way through the QUIC transport, as a
 * node sends and receives it: Raft codec, bond frame, transport frame into a pooled direct buffer
 * (encode); and back (decode). Sockets are not involved: this is the CPU cost per frame.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar QuicFrameBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@Fork(1)
public class QuicFrameBenchmark {
    @Param({"1", "64", "512"})
    int entries;

    @Param({"256"})
    int payloadBytes;

    private final RaftCodec<byte[], Unit, Unit> raft = new RaftCodec<>(Codecs.bytes(), Codecs.unit(), Codecs.unit());
    private final FrameCodec frames = new FrameCodec(TransportConfig.DEFAULT_MAX_FRAME_LENGTH);
    private final PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private RaftMessage<byte[], Unit, Unit> message;
    private ByteBuf wire;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        PeerId leader = PeerId.fromBytes(Digest.fromLong(1).toBytes());
        Cursor prev = Cursor.of(7, 1_000_000);
        List<LogEntry<LogPayload<byte[]>>> list = new ArrayList<>(entries);
        for (int i = 0; i < entries; i++) {
            byte[] command = new byte[payloadBytes];
            random.nextBytes(command);
            list.add(new LogEntry<>(prev.index().plus(i + 1L), Term.of(8),
                    new LogPayload.Command<>(command, 0x1234_5678_9ABCL, 10_000 + i)));
        }
        message = new RaftMessage.AppendEntries<>(Term.of(8), leader, prev, leader, list, Index.of(999_990), 123_456, false);
        wire = encode();
    }

    @Benchmark
    public ByteBuf encodeAndRelease() {
        ByteBuf out = encode();
        out.release();
        return out;
    }

    @Benchmark
    public Object decode() throws FrameException {
        ByteBuf in = wire.duplicate();
        WireFrame.Data data = (WireFrame.Data) frames.decode(in);
        BondFrame.Raft bond = (BondFrame.Raft) BondFrameCodec.decode(data.payload());
        return raft.decode(bond.message(), 0, bond.message().length);
    }

    private ByteBuf encode() {
        byte[] payload = BondFrameCodec.encode(new BondFrame.Raft(raft.encode(message)));
        ByteBuf out = frames.encodeData(alloc, payload);
        return out;
    }
}
