package dev.groups.tickets.jwt.internal;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one BouncyCastle provider instance this module uses, created on first use (about 100 ms) and
 * <b>not</b> registered with {@code java.security.Security}: the application's provider list is left alone.
 */
public final class Bc {
    private Bc() {}

    public static Provider provider() {
        return Holder.PROVIDER;
    }

    private static final class Holder {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }
}
