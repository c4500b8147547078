package dev.groups.testkit.scenarios;

import dev.groups.id.UniqueId;
import dev.groups.machine.ApplyContext;
import dev.groups.machine.Codec;
import dev.groups.machine.CodecException;
import dev.groups.machine.Codecs;
import dev.groups.machine.StateMachine;
import dev.groups.machine.Unit;
import dev.groups.sync.LogReplaySync;
import dev.groups.sync.StateSync;
import java.nio.ByteBuffer;

/**
 * mosaik's test machine (spec §9): increments and decrements of an {@code i64} with wrapping
 * arithmetic; the query returns the value. Signature {@code UniqueId.fromLong(2)}.
 */
public final class Counter implements StateMachine<Counter.Op, Unit, Long> {
    /** {@code Increment(n)} or {@code Decrement(n)}, n an unsigned 32-bit amount. */
    public record Op(boolean increment, long amount) {
        public Op {
            if (amount < 0 || amount > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("amount is a u32");
            }
        }

        public static Op inc(long n) {
            return new Op(true, n);
        }

        public static Op dec(long n) {
            return new Op(false, n);
        }
    }

    private static final Codec<Op> OPS = new Codec<>() {
        @Override
        public byte[] encode(Op op) {
            return ByteBuffer.allocate(5).put((byte) (op.increment() ? 1 : 2)).putInt((int) op.amount()).array();
        }

        @Override
        public Op decode(byte[] data, int offset, int length) {
            Codecs.checkBounds(data, offset, length);
            if (length != 5 || (data[offset] != 1 && data[offset] != 2)) {
                throw new CodecException("not a counter operation");
            }
            return new Op(data[offset] == 1, Integer.toUnsignedLong(ByteBuffer.wrap(data, offset + 1, 4).getInt()));
        }
    };

    private final LogReplaySync<Op> sync;
    private long value;

    public Counter() {
        this(1000);
    }

    /** With a log-replay batch size (the catch-up tests vary it). */
    public Counter(int syncBatchSize) {
        this.sync = new LogReplaySync<Op>().withBatchSize(syncBatchSize);
    }

    @Override
    public UniqueId signature() {
        return UniqueId.fromLong(2);
    }

    @Override
    public void apply(Op op, ApplyContext ctx) {
        value = op.increment() ? value + op.amount() : value - op.amount();
    }

    @Override
    public Long query(Unit query) {
        return value;
    }

    @Override
    public void reset() {
        value = 0;
    }

    @Override
    public StateSync<Op, ?> stateSync() {
        return sync;
    }

    @Override
    public Codec<Op> commandCodec() {
        return OPS;
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
