package dev.groups.snapshot.internal;

import dev.groups.id.Digest;
import dev.groups.snapshot.SnapshotStore;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The stream a machine writes its snapshot into: buffered (64 KiB), hashed (SHA-256) and counted on the
 * way to a {@link SnapshotStore.Draft}, written sequentially. {@link #close()} only flushes: the draft is
 * committed or aborted by the caller.
 */
final class DraftOutput extends OutputStream {
    private final SnapshotStore.Draft draft;
    private final MessageDigest sha256 = sha256();
    private final byte[] buffer = new byte[1 << 16];
    private int buffered;
    private long position;

    DraftOutput(SnapshotStore.Draft draft) {
        this.draft = draft;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public void write(int b) {
        if (buffered == buffer.length) {
            flush();
        }
        buffer[buffered++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (len >= buffer.length) {
            flush();
            emit(b, off, len);
            return;
        }
        if (buffered + len > buffer.length) {
            flush();
        }
        System.arraycopy(b, off, buffer, buffered, len);
        buffered += len;
    }

    @Override
    public void flush() {
        if (buffered > 0) {
            emit(buffer, 0, buffered);
            buffered = 0;
        }
    }

    private void emit(byte[] b, int off, int len) {
        sha256.update(b, off, len);
        draft.write(position, b, off, len);
        position += len;
    }

    @Override
    public void close() {
        flush();
    }

    /** Bytes written so far (after {@link #flush()}: all of them). */
    long size() {
        return position + buffered;
    }

    /** The SHA-256 of everything written; call once, after {@link #flush()}. */
    Digest digest() {
        return Digest.fromBytes(sha256.digest());
    }
}
