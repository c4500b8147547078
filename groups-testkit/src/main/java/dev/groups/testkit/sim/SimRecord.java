package dev.groups.testkit.sim;

import dev.groups.log.Cursor;
import dev.groups.log.Index;
import dev.groups.log.Term;
import dev.groups.machine.Codec;
import dev.groups.machine.CodecException;
import dev.groups.storage.Storage;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.zip.CRC32C;

/**
 * One change to a {@link SimStorage} log, as the record a log-structured store writes for it. Whole
 * records stay objects; only a record a crash tore is turned into bytes, framed as the Chronicle store
 * frames its records (see {@code LogRecord} there):
 * <pre>
 * kind (1) | a (8) | b (8) | payload length n (4) | payload (n, the codec's bytes) | CRC32C of all before (4)
 * </pre>
 * A torn record is such a frame whose end never reached the disk: zeros from some byte on. Reopening
 * must tell it from a whole one by its CRC and drop it, as the Chronicle store voids a torn last record.
 */
sealed interface SimRecord<T> {
    byte ENTRY = 1;
    byte TRUNCATE = 2;
    byte PRUNE = 3;
    byte RESET = 4;
    int HEADER = 1 + 8 + 8 + 4;
    int TRAILER = 4;

    /** Replays this change onto {@code log}. */
    void applyTo(Storage<T> log);

    /** The frame of this change as the next record after {@code last}, through {@code codec}. */
    byte[] encode(Cursor last, Codec<T> codec);

    record Append<T>(T command, Term term) implements SimRecord<T> {
        @Override
        public void applyTo(Storage<T> log) {
            log.append(command, term);
        }

        @Override
        public byte[] encode(Cursor last, Codec<T> codec) {
            return frame(ENTRY, last.index().value() + 1, term.value(), codec.encode(command));
        }
    }

    record Truncate<T>(Index at) implements SimRecord<T> {
        @Override
        public void applyTo(Storage<T> log) {
            log.truncate(at);
        }

        @Override
        public byte[] encode(Cursor last, Codec<T> codec) {
            return frame(TRUNCATE, at.value(), 0, new byte[0]);
        }
    }

    record Prune<T>(Index upTo) implements SimRecord<T> {
        @Override
        public void applyTo(Storage<T> log) {
            log.prunePrefix(upTo);
        }

        @Override
        public byte[] encode(Cursor last, Codec<T> codec) {
            return frame(PRUNE, upTo.value(), 0, new byte[0]);
        }
    }

    record Reset<T>(Cursor cursor) implements SimRecord<T> {
        @Override
        public void applyTo(Storage<T> log) {
            log.resetTo(cursor);
        }

        @Override
        public byte[] encode(Cursor last, Codec<T> codec) {
            return frame(RESET, cursor.index().value(), cursor.term().value(), new byte[0]);
        }
    }

    private static byte[] frame(byte kind, long a, long b, byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(HEADER + payload.length + TRAILER);
        out.put(kind).putLong(a).putLong(b).putInt(payload.length).put(payload);
        out.putInt(crc(out.array(), HEADER + payload.length));
        return out.array();
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    /**
     * What a crash leaves of {@code frame}: the bytes before a random point, zeros after it (the pages
     * holding the rest were never written back). At least the last byte is lost.
     */
    static byte[] tear(byte[] frame, RandomGenerator random) {
        byte[] torn = frame.clone();
        java.util.Arrays.fill(torn, random.nextInt(frame.length), frame.length, (byte) 0);
        return torn;
    }

    /**
     * Reads a frame back at reopen: the change, or empty when the frame is not whole (its CRC or its
     * length does not check out, or it does not decode). A frame whose lost bytes happened to be zeros
     * already is whole, and is kept.
     */
    static <T> Optional<SimRecord<T>> read(byte[] frame, Codec<T> codec) {
        if (frame.length < HEADER + TRAILER) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(frame);
        byte kind = in.get();
        long a = in.getLong();
        long b = in.getLong();
        int n = in.getInt();
        if (n != frame.length - HEADER - TRAILER || crc(frame, HEADER + n) != in.getInt(HEADER + n)) {
            return Optional.empty();
        }
        try {
            return Optional.of(switch (kind) {
                case ENTRY -> new Append<>(codec.decode(frame, HEADER, n), Term.of(b));
                case TRUNCATE -> new Truncate<>(Index.of(a));
                case PRUNE -> new Prune<>(Index.of(a));
                case RESET -> new Reset<>(new Cursor(Term.of(b), Index.of(a)));
                default -> throw new CodecException("unknown record kind " + kind);
            });
        } catch (CodecException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
