package dev.groups.storage.chronicle.internal;

import dev.groups.id.PeerId;
import dev.groups.log.Term;
import dev.groups.storage.HardState;
import dev.groups.storage.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The hard state in its own small file, replaced atomically ({@link Fsync#replace}) on every save,
 * so it is durable when {@code saveHardState} returns and independent of log pruning.
 *
 * <pre>
 * "GHS1" | term (8, big-endian) | vote flag (1) | vote (32 bytes, zeros when none) | CRC32C of the preceding 45 bytes (4)
 * </pre>
 */
public final class HardStateFile {
    public static final String NAME = "hardstate";
    private static final byte[] MAGIC = {'G', 'H', 'S', '1'};
    private static final int KEY = 32;
    private static final int BODY = MAGIC.length + 8 + 1 + KEY;
    static final int SIZE = BODY + 4;

    private HardStateFile() {}

    /** The saved hard state in {@code dir}, or {@link HardState#INITIAL} when none was saved. */
    public static HardState read(Path dir) {
        Path file = dir.resolve(NAME);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return HardState.INITIAL;
        } catch (IOException e) {
            throw new StorageException("cannot read the hard state file " + file, e);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length != SIZE || !in.slice(0, MAGIC.length).equals(ByteBuffer.wrap(MAGIC))
                || in.getInt(BODY) != crc(bytes)) {
            throw new StorageException("hard state file " + file + " is corrupted (" + bytes.length
                    + " bytes, bad magic or CRC); the term and vote of this node cannot be trusted");
        }
        in.position(MAGIC.length);
        long term = in.getLong();
        byte flag = in.get();
        byte[] key = new byte[KEY];
        in.get(key);
        if (term < 0 || (flag != 0 && flag != 1)) {
            throw new StorageException("hard state file " + file + " is corrupted (field out of range)");
        }
        return new HardState(Term.of(term), flag == 1 ? Optional.of(PeerId.fromBytes(key)) : Optional.empty());
    }

    /** Replaces the hard state in {@code dir}; durable on return. */
    public static void write(Path dir, HardState state) {
        ByteBuffer out = ByteBuffer.allocate(SIZE);
        out.put(MAGIC).putLong(state.currentTerm().value());
        out.put((byte) (state.votedFor().isPresent() ? 1 : 0));
        out.put(state.votedFor().map(PeerId::toBytes).orElseGet(() -> new byte[KEY]));
        byte[] bytes = out.array();
        out.putInt(crc(bytes));
        Path file = dir.resolve(NAME);
        try {
            Fsync.replace(file, bytes);
        } catch (IOException | UncheckedIOException e) {
            throw new StorageException("cannot save the hard state to " + file, e);
        }
    }

    private static int crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, BODY);
        return (int) crc.getValue();
    }
}
