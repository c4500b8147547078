package dev.groups.tickets.tdx;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A quote that passed every check of a {@link TdxQuoteVerifier}: genuine (signed through the pinned
 * root's PCK chain), a non-debug TD unless allowed, an accepted TCB status when collateral was given,
 * and the policy's measurements.
 *
 * @param version       quote version (4 or 5)
 * @param report        the TD report body
 * @param tcbStatus     the TCB status, when collateral was evaluated
 * @param advisoryIds   Intel security advisories of the matched TCB level (empty without collateral)
 * @param fmspc         the platform family (hex), from the PCK certificate
 * @param validFrom     the verification holds for verification times from here…
 * @param validUntil    …to here: the intersection of every certificate, CRL and collateral validity used
 * @param trailingBytes unsigned bytes after the signature data (ignored, as Intel's verifier does)
 */
public record VerifiedQuote(int version, TdReport report, Optional<TcbStatus> tcbStatus, List<String> advisoryIds,
                            String fmspc, Instant validFrom, Instant validUntil, int trailingBytes)
        implements QuoteVerdict {
    public VerifiedQuote {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(tcbStatus, "tcbStatus");
        advisoryIds = List.copyOf(advisoryIds);
    }

    /** Always {@code "TDX"}: other TEE types are rejected. */
    public String teeType() {
        return "TDX";
    }
}
