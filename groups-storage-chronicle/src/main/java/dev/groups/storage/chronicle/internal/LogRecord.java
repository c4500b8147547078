package dev.groups.storage.chronicle.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * One record of the queue, as the bytes of a Chronicle document: a reusable buffer that encodes a
 * record for writing or holds one read back and checks it.
 *
 * <pre>
 * offset size
 *  0      1   kind (ENTRY, TRUNCATE, PRUNE, RESET, VOID)
 *  1      8   seq: 0, 1, 2, … over every record ever written (a gap means a lost record)
 *  9      8   a: the entry's Raft index / truncation point / cursor index / voided queue index
 * 17      8   b: the entry's term / cursor term / 0
 * 25      4   n: payload length (0 except for ENTRY)
 * 29      n   payload (the codec's bytes of the command)
 * 29+n    4   CRC32C of bytes 0 .. 29+n
 * </pre>
 * All integers little-endian. The CRC turns a torn or rotten record into a detectable one.
 *
 * <p>Not thread-safe: each user owns its instances.
 */
public final class LogRecord {
    public static final byte ENTRY = 1;
    public static final byte TRUNCATE = 2;
    public static final byte PRUNE = 3;
    public static final byte RESET = 4;
    /** Declares that the unreadable record at queue index {@code a} (a torn tail) is not part of the log. */
    public static final byte VOID = 5;

    static final int HEADER = 29;
    static final int TRAILER = 4;

    private byte[] bytes = new byte[512];
    private ByteBuffer view = wrap(bytes);
    private int length;
    private final CRC32C crc = new CRC32C();

    private byte kind;
    private long seq;
    private long a;
    private long b;
    private int payloadLength;
    private String problem;

    /** Encodes a record into this buffer; {@link #bytes()} and {@link #length()} then describe it. */
    public void encode(byte kind, long seq, long a, long b, byte[] payload) {
        int n = payload == null ? 0 : payload.length;
        ensureCapacity(HEADER + n + TRAILER);
        view.clear();
        view.put(kind).putLong(seq).putLong(a).putLong(b).putInt(n);
        if (n > 0) {
            view.put(payload);
        }
        crc.reset();
        crc.update(bytes, 0, HEADER + n);
        view.putInt((int) crc.getValue());
        length = HEADER + n + TRAILER;
        this.kind = kind;
        this.seq = seq;
        this.a = a;
        this.b = b;
        this.payloadLength = n;
        this.problem = null;
    }

    /** A buffer of at least {@code n} bytes to read a document into; then call {@link #parse(int)}. */
    public byte[] bufferFor(int n) {
        ensureCapacity(n);
        return bytes;
    }

    /**
     * Checks and decodes the {@code n} bytes read into {@link #bufferFor}. Returns false (and sets
     * {@link #problem()}) when they are not a whole, intact record.
     */
    public boolean parse(int n) {
        length = n;
        problem = null;
        if (n < HEADER + TRAILER) {
            return fail("record of " + n + " bytes is shorter than a header");
        }
        view.clear();
        kind = view.get();
        seq = view.getLong();
        a = view.getLong();
        b = view.getLong();
        payloadLength = view.getInt();
        if (payloadLength < 0 || payloadLength != n - HEADER - TRAILER) {
            return fail("record length " + n + " does not match its payload length " + payloadLength);
        }
        crc.reset();
        crc.update(bytes, 0, HEADER + payloadLength);
        if ((int) crc.getValue() != view.getInt(HEADER + payloadLength)) {
            return fail("CRC mismatch");
        }
        if (kind < ENTRY || kind > VOID) {
            return fail("unknown record kind " + kind);
        }
        if (seq < 0 || a < 0 || b < 0 || (kind != ENTRY && payloadLength != 0)) {
            return fail("field out of range");
        }
        return true;
    }

    /**
     * True when the last parsed record ends in zeros where its CRC belongs: what a crash leaves when
     * the page holding a record's end never reached the disk. A flipped bit does not look like this.
     */
    public boolean looksTorn() {
        if (length < TRAILER) {
            return false;
        }
        for (int i = length - TRAILER; i < length; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private boolean fail(String why) {
        problem = why;
        return false;
    }

    private void ensureCapacity(int n) {
        if (bytes.length < n) {
            bytes = Arrays.copyOf(bytes, Math.max(n, bytes.length * 2));
            view = wrap(bytes);
        }
    }

    private static ByteBuffer wrap(byte[] array) {
        return ByteBuffer.wrap(array).order(ByteOrder.LITTLE_ENDIAN);
    }

    public byte[] bytes() {
        return bytes;
    }

    public int length() {
        return length;
    }

    public byte kind() {
        return kind;
    }

    public long seq() {
        return seq;
    }

    public long a() {
        return a;
    }

    public long b() {
        return b;
    }

    public int payloadOffset() {
        return HEADER;
    }

    public int payloadLength() {
        return payloadLength;
    }

    /** Why the last {@link #parse} failed; null after a success. */
    public String problem() {
        return problem;
    }

    public static String kindName(byte kind) {
        return switch (kind) {
            case ENTRY -> "ENTRY";
            case TRUNCATE -> "TRUNCATE";
            case PRUNE -> "PRUNE";
            case RESET -> "RESET";
            case VOID -> "VOID";
            default -> "kind " + kind;
        };
    }
}
