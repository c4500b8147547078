package dev.groups.snapshot.internal;

import dev.groups.id.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;

/** SHA-256 of a stream, 64 KiB at a time: a snapshot is never read into memory whole. */
final class Hashing {
    private Hashing() {}

    /** The SHA-256 of everything {@code in} holds and how many bytes that is; closes {@code in}. */
    static Sized sha256(InputStream in) {
        MessageDigest md = DraftOutput.sha256();
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                md.update(buffer, 0, n);
                total += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a snapshot to check its digest", e);
        }
        return new Sized(Digest.fromBytes(md.digest()), total);
    }

    record Sized(Digest digest, long size) {}
}
