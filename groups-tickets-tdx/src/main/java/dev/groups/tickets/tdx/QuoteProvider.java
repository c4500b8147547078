package dev.groups.tickets.tdx;

import java.io.IOException;

/**
 * Produces TDX quotes of the TD this code runs in. {@link ConfigfsTsmQuoteProvider} asks the Linux
 * kernel; tests supply their own.
 */
@FunctionalInterface
public interface QuoteProvider {
    /**
     * A quote whose TD report carries {@code reportData} (exactly 64 bytes) as REPORTDATA.
     *
     * @throws QuoteUnavailableException when no quote can be produced here (not in a TD…)
     * @throws IOException               when producing it failed
     */
    byte[] quote(byte[] reportData64) throws IOException;
}
