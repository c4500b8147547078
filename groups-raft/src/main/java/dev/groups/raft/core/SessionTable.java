package dev.groups.raft.core;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The client-session table: which tagged commands are applied, as session → (sequence → index). It is
 * derived from the applied log only, so every member that applied the same entries holds the same table;
 * a snapshot carries it (Raft dissertation §6.3: the session table is part of the replicated state), so
 * a member that installs or restores one still recognises a retried forward of a command inside it.
 *
 * <p>Bounded: at most {@link #WINDOW} sequences per session (the oldest forgotten first) and
 * {@link #MAX_SESSIONS} sessions (the session applied least recently forgotten first). Both evictions
 * depend only on the order of application, so they too are the same on every member.
 */
final class SessionTable {
    /** Sequence numbers remembered per session (older retries are long timed out). */
    static final int WINDOW = 8192;
    /** Sessions remembered: one per node incarnation that forwarded recently. */
    static final int MAX_SESSIONS = 1024;
    private static final byte FORMAT = 1;

    /** In order of last application: the first entry is the session applied least recently. */
    private final LinkedHashMap<Long, TreeMap<Long, Long>> sessions = new LinkedHashMap<>();

    /** Records that (session, sequence) was applied at {@code index}. */
    void applied(long session, long sequence, long index) {
        TreeMap<Long, Long> m = sessions.remove(session);
        if (m == null) {
            m = new TreeMap<>();
        }
        sessions.put(session, m); // now the most recently applied
        m.put(sequence, index);
        if (m.size() > WINDOW) {
            m.pollFirstEntry();
        }
        if (sessions.size() > MAX_SESSIONS) {
            Iterator<Long> eldest = sessions.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    /** Where (session, sequence) was applied; null when not remembered. */
    Long indexOf(long session, long sequence) {
        TreeMap<Long, Long> m = sessions.get(session);
        return m == null ? null : m.get(sequence);
    }

    void clear() {
        sessions.clear();
    }

    int sessionCount() {
        return sessions.size();
    }

    /**
     * {@code 0x01 sessionCount:varint (session:i64 count:varint (Δsequence:zigzag Δindex:zigzag){count}){sessionCount}},
     * sessions in order of last application (so a decoded table evicts in the same order), sequences in
     * ascending order, each delta against the previous pair of the session (the first against 0). A run of
     * commands costs about two bytes each, not sixteen.
     */
    byte[] encode() {
        Out out = new Out();
        out.buf.write(FORMAT);
        out.varint(sessions.size());
        for (Map.Entry<Long, TreeMap<Long, Long>> s : sessions.entrySet()) {
            out.fixed64(s.getKey());
            out.varint(s.getValue().size());
            long sequence = 0;
            long index = 0;
            for (Map.Entry<Long, Long> e : s.getValue().entrySet()) {
                out.varint(zigzag(e.getKey() - sequence));
                out.varint(zigzag(e.getValue() - index));
                sequence = e.getKey();
                index = e.getValue();
            }
        }
        return out.buf.toByteArray();
    }

    /**
     * Replaces this table's content with {@code bytes} (from {@link #encode()}), applied up to
     * {@code position}: every remembered index must lie in {@code 1..position}.
     *
     * @throws IllegalArgumentException if the bytes are not such a table; the table is then unchanged
     */
    void restore(byte[] bytes, long position) {
        LinkedHashMap<Long, TreeMap<Long, Long>> decoded = new LinkedHashMap<>();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            byte format = in.get();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown client-session table format " + format);
            }
            long count = varint(in);
            if (count > MAX_SESSIONS) {
                throw new IllegalArgumentException("a client-session table of " + count + " sessions");
            }
            for (long i = 0; i < count; i++) {
                long session = in.getLong();
                long n = varint(in);
                if (n < 1 || n > WINDOW) {
                    throw new IllegalArgumentException("session " + i + " claims " + n + " sequences");
                }
                TreeMap<Long, Long> m = new TreeMap<>();
                long sequence = 0;
                long index = 0;
                for (long j = 0; j < n; j++) {
                    long ds = unzigzag(varint(in));
                    if (j > 0 && ds <= 0) {
                        throw new IllegalArgumentException("sequences of session " + i + " not ascending");
                    }
                    sequence += ds;
                    index += unzigzag(varint(in));
                    if (index < 1 || index > position) {
                        throw new IllegalArgumentException("sequence " + sequence + " applied at " + index
                                + ", outside 1.." + position);
                    }
                    m.put(sequence, index);
                }
                if (decoded.put(session, m) != null) {
                    throw new IllegalArgumentException("session listed twice");
                }
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes after the client-session table");
            }
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("a truncated client-session table", e);
        }
        sessions.clear();
        sessions.putAll(decoded);
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    /** An unsigned LEB128 varint of at most 10 bytes. */
    private static long varint(ByteBuffer in) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            v |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                if (shift == 63 && (b & 0x7e) != 0) {
                    throw new IllegalArgumentException("a varint overflows 64 bits");
                }
                return v;
            }
        }
        throw new IllegalArgumentException("a varint longer than 10 bytes");
    }

    private static final class Out {
        final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        void varint(long v) {
            while ((v & ~0x7fL) != 0) {
                buf.write((int) ((v & 0x7f) | 0x80));
                v >>>= 7;
            }
            buf.write((int) v);
        }

        void fixed64(long v) {
            for (int i = 56; i >= 0; i -= 8) {
                buf.write((int) (v >>> i));
            }
        }
    }
}
