package dev.groups.snapshot.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.groups.id.PeerId;
import dev.groups.log.Cursor;
import dev.groups.machine.CodecException;
import dev.groups.sync.RuntimeState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SnapshotEnvelopeTest {
    private static final PeerId A = PeerId.fromHex("01".repeat(32));
    private static final PeerId B = PeerId.fromHex("02".repeat(32));

    @Test
    void theVotersTravelWithTheSnapshot() throws IOException {
        RuntimeState state = new RuntimeState(Cursor.of(3, 40), Optional.of(A), new byte[] {9, 8},
                new TreeSet<>(List.of(B, A)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotEnvelope.writeHeader(out, state);
        out.write(new byte[] {42}); // the machine's stream follows
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        assertEquals(state, SnapshotEnvelope.readHeader(Cursor.of(3, 40), in));
        assertEquals(42, in.read(), "left at the machine's stream");
    }

    @Test
    void aSnapshotWrittenBeforeVotersWereRecordedIsStillRead() throws IOException {
        byte[] formatOne = {1, 0, 0, 0, 0, 1, 7, 42}; // no leader, a 1-byte session table, then the machine
        ByteArrayInputStream in = new ByteArrayInputStream(formatOne);
        RuntimeState state = SnapshotEnvelope.readHeader(Cursor.of(1, 5), in);
        assertEquals(new TreeSet<PeerId>(), state.voters(), "unknown: the runtime falls back to the founding voters");
        assertArrayEquals(new byte[] {7}, state.clientSessions());
        assertEquals(42, in.read());
    }

    @Test
    void votersOutOfOrderAreRejected() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {2, 0, 0, 0, 0, 0, 2});
        out.write(B.toBytes());
        out.write(A.toBytes());
        assertThrows(CodecException.class,
                () -> SnapshotEnvelope.readHeader(Cursor.of(1, 5), new ByteArrayInputStream(out.toByteArray())));
    }
}
