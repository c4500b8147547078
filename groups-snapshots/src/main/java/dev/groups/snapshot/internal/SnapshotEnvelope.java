package dev.groups.snapshot.internal;

import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.machine.CodecException;
import dev.groups.sync.RuntimeState;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A snapshot's bytes: the runtime's state at the anchor (the term's leader, the client-session table
 * and, in strict mode, the voters; {@link RuntimeState}) followed by the machine's own stream. Served,
 * stored and checked (digest) as one, so a member that installs or restores it gets both back together.
 *
 * <pre>
 * 0x02 (0x00 | 0x01 leader[32]) sessionsLength:u32 sessions[sessionsLength] voters:u8 voter[32]×voters machine[rest]
 * </pre>
 * Format 1 (written before voters were identities) is the same without the voters, and still read.
 */
final class SnapshotEnvelope {
    private static final byte FORMAT_WITHOUT_VOTERS = 1;
    private static final byte FORMAT = 2;

    private SnapshotEnvelope() {}

    /** Writes the header; the machine's stream follows it. Does not close {@code out}. */
    static void writeHeader(OutputStream out, RuntimeState runtime) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeByte(FORMAT);
        if (runtime.termLeader().isPresent()) {
            data.writeByte(1);
            data.write(runtime.termLeader().get().toBytes());
        } else {
            data.writeByte(0);
        }
        data.writeInt(runtime.clientSessionsLength());
        data.write(runtime.clientSessions());
        data.writeByte(runtime.voters().size()); // at most ConsensusConfig.MAX_VOTERS (255)
        for (PeerId v : runtime.voters()) {
            data.write(v.toBytes());
        }
        data.flush();
    }

    /**
     * Reads the header of a snapshot taken at {@code anchor}, leaving {@code in} at the machine's stream.
     * Allocates at most the session table's bound.
     *
     * @throws CodecException if it is not an envelope header
     */
    static RuntimeState readHeader(Cursor anchor, InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        try {
            byte format = data.readByte();
            if (format != FORMAT && format != FORMAT_WITHOUT_VOTERS) {
                throw new CodecException("unknown snapshot envelope format " + format);
            }
            Optional<PeerId> leader = switch (data.readByte()) {
                case 0 -> Optional.empty();
                case 1 -> {
                    byte[] raw = new byte[32];
                    data.readFully(raw);
                    yield Optional.of(PeerId.fromBytes(raw));
                }
                default -> throw new CodecException("bad leader flag in a snapshot envelope");
            };
            int sessions = data.readInt();
            if (sessions < 0 || sessions > RuntimeState.MAX_SESSION_TABLE_BYTES) {
                throw new CodecException("a client-session table of " + sessions + " bytes in a snapshot");
            }
            byte[] table = data.readNBytes(sessions);
            if (table.length != sessions) {
                throw new CodecException("a truncated snapshot envelope");
            }
            SortedSet<PeerId> voters = new TreeSet<>();
            if (format == FORMAT) {
                int count = data.readUnsignedByte();
                PeerId previous = null;
                for (int i = 0; i < count; i++) {
                    byte[] raw = new byte[32];
                    data.readFully(raw);
                    PeerId v = PeerId.fromBytes(raw);
                    if (previous != null && previous.compareTo(v) >= 0) {
                        throw new CodecException("snapshot envelope voters not in strictly ascending order");
                    }
                    voters.add(v);
                    previous = v;
                }
            }
            return new RuntimeState(anchor, leader, table, voters);
        } catch (EOFException e) {
            throw new CodecException("a truncated snapshot envelope", e);
        } catch (IllegalArgumentException e) {
            throw new CodecException("a bad snapshot envelope: " + e.getMessage(), e);
        }
    }
}
