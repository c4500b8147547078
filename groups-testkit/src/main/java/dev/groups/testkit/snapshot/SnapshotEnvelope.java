package dev.groups.testkit.snapshot;

import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.machine.CodecException;
import dev.groups.sync.RuntimeState;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * A snapshot's bytes: the runtime's state at the anchor (the term's leader and the client-session
 * table, {@link RuntimeState}) followed by the machine's own snapshot. Served, stored and checked
 * (digest) as one array, so a member that installs or restores it gets both back together.
 *
 * <pre>
 * 0x01 (0x00 | 0x01 leader[32]) sessionsLength:u32 sessions[sessionsLength] machine[rest]
 * </pre>
 */
record SnapshotEnvelope(RuntimeState runtime, byte[] machine) {
    private static final byte FORMAT = 1;

    static byte[] encode(RuntimeState runtime, byte[] machine) {
        int sessions = runtime.clientSessionsLength();
        ByteBuffer out = ByteBuffer.allocate(1 + 1 + (runtime.termLeader().isPresent() ? 32 : 0) + 4 + sessions
                + machine.length);
        out.put(FORMAT);
        if (runtime.termLeader().isPresent()) {
            out.put((byte) 1).put(runtime.termLeader().get().toBytes());
        } else {
            out.put((byte) 0);
        }
        out.putInt(sessions).put(runtime.clientSessions()).put(machine);
        return out.array();
    }

    /**
     * Splits a snapshot's bytes taken at {@code anchor}.
     *
     * @throws CodecException if they are not an envelope
     */
    static SnapshotEnvelope decode(Cursor anchor, byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte format = in.get();
            if (format != FORMAT) {
                throw new CodecException("unknown snapshot envelope format " + format);
            }
            Optional<PeerId> leader = switch (in.get()) {
                case 0 -> Optional.empty();
                case 1 -> {
                    byte[] raw = new byte[32];
                    in.get(raw);
                    yield Optional.of(PeerId.fromBytes(raw));
                }
                default -> throw new CodecException("bad leader flag in a snapshot envelope");
            };
            int sessions = in.getInt();
            if (sessions < 0 || sessions > in.remaining() || sessions > RuntimeState.MAX_SESSION_TABLE_BYTES) {
                throw new CodecException("a client-session table of " + sessions + " bytes in a snapshot of "
                        + bytes.length);
            }
            byte[] table = new byte[sessions];
            in.get(table);
            byte[] machine = Arrays.copyOfRange(bytes, in.position(), bytes.length);
            return new SnapshotEnvelope(new RuntimeState(anchor, leader, table), machine);
        } catch (BufferUnderflowException e) {
            throw new CodecException("a truncated snapshot envelope", e);
        }
    }
}
