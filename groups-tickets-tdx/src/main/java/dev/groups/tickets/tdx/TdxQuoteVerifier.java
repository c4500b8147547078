package dev.groups.tickets.tdx;

import dev.groups.tickets.tdx.internal.ChainValidator;
import dev.groups.tickets.tdx.internal.Ecdsa;
import dev.groups.tickets.tdx.internal.ParsedQuote;
import dev.groups.tickets.tdx.internal.PckChain;
import dev.groups.tickets.tdx.internal.QuoteHeader;
import dev.groups.tickets.tdx.internal.QuoteParser;
import dev.groups.tickets.tdx.internal.Rejection;
import dev.groups.tickets.tdx.internal.SgxExtensions;
import dev.groups.tickets.tdx.internal.TcbEvaluator;
import dev.groups.tickets.tdx.internal.Window;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies Intel TDX quotes (v4, v5) offline against a {@link TdxPolicy} and optional
 * {@link TdxCollateral}. Checks, in this order; the first failure ends verification with its reason:
 * <ol>
 *   <li>structure: every length and offset; version 4 or 5, ECDSA-P256 key type, TEE type TDX (the body
 *       layout depends on it), Intel's QE vendor id;</li>
 *   <li>the quote's ECDSA-P256 signature over header ‖ body with the attestation key in the quote;</li>
 *   <li>the QE report's signature with the key of the PCK leaf certificate (chain parsed strictly);</li>
 *   <li>QE REPORTDATA = SHA-256(attestation key ‖ QE auth data) ‖ 32 zero bytes: the attestation key
 *       is the one the genuine Quoting Enclave vouched for;</li>
 *   <li>the PCK chain (leaf → platform/processor CA → root) up to the <b>pinned</b> root at the
 *       verification time: every validity window, PKIX, and, when collateral is supplied or required, a
 *       current CRL for every CA;</li>
 *   <li>TEE type TDX (0x81);</li>
 *   <li>the TD's debug bit is off, unless the policy allows debug;</li>
 *   <li>with collateral: TCB info and QE identity signatures, signing chain and freshness; FMSPC and
 *       PCE-ID; TDX module identity; QE identity; Intel's TCB status, which the policy must accept;</li>
 *   <li>the policy's measurements (baseline, then one alternative if any are configured).</li>
 * </ol>
 * Immutable and thread-safe. {@link #verify} never throws.
 */
public final class TdxQuoteVerifier {
    private final TdxPolicy policy;
    private final TdxCollateral collateral;

    public TdxQuoteVerifier(TdxPolicy policy) {
        this(policy, TdxCollateral.none());
    }

    public TdxQuoteVerifier(TdxPolicy policy, TdxCollateral collateral) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.collateral = Objects.requireNonNull(collateral, "collateral");
    }

    public TdxPolicy policy() {
        return policy;
    }

    public TdxCollateral collateral() {
        return collateral;
    }

    /** Verifies {@code quote} as of {@code at} (certificate and collateral validity are judged then). */
    public QuoteVerdict verify(byte[] quote, Instant at) {
        Objects.requireNonNull(at, "at");
        try {
            return verifyOrThrow(quote, at);
        } catch (Rejection r) {
            return new RejectedQuote(r.reason());
        } catch (RuntimeException e) {
            // Defence in depth: a JDK or BouncyCastle surprise on hostile input is a rejection, not a crash.
            return new RejectedQuote("quote could not be verified: " + e);
        }
    }

    private VerifiedQuote verifyOrThrow(byte[] raw, Instant at) throws Rejection {
        ParsedQuote quote = QuoteParser.parse(raw);
        PublicKey attestationKey = Ecdsa.p256Key(quote.attestationKey(), "attestation key");
        if (!Ecdsa.verify(attestationKey, raw, 0, quote.signedLength(), quote.signature())) {
            throw new Rejection("quote signature does not verify with the attestation key");
        }
        PckChain chain = PckChain.parse(quote.pckChainPem());
        if (!Ecdsa.verify(chain.leafKey(), quote.qeReport().raw(), quote.qeReportSignature())) {
            throw new Rejection("QE report signature does not verify with the PCK certificate's key");
        }
        byte[] expected = Arrays.copyOf(Ecdsa.sha256(quote.attestationKey(), quote.qeAuthData()), 64);
        if (!MessageDigest.isEqual(expected, quote.qeReport().reportData())) {
            throw new Rejection("QE report data does not commit to the attestation key and QE auth data");
        }
        if (policy.requireCollateral() && !collateral.hasTcbInfo()) {
            throw new Rejection("the policy requires collateral (TCB info, QE identity and CRLs) and none was supplied");
        }
        // Supplied collateral is checked in full: a CA without its CRL is a rejection, not a skipped check.
        boolean requireCrls = policy.requireCollateral() || collateral.hasTcbInfo();
        Window window = ChainValidator.validate(PckChain.WHAT, chain.certificates(), policy.pinnedRoot(), at,
                collateral.crls(), requireCrls);
        SgxExtensions pck = SgxExtensions.of(chain.leaf());
        // Already enforced by the parser; restated so that the documented order holds on its own.
        if (quote.header().teeType() != QuoteHeader.TEE_TYPE_TDX) {
            throw new Rejection("not a TDX quote");
        }
        TdReport report = quote.body();
        if (report.isDebug() && !policy.allowDebug()) {
            throw new Rejection("the TD runs in debug mode (TD attributes bit 0 set) and the policy does not allow debug TDs");
        }
        Optional<TcbStatus> status = Optional.empty();
        List<String> advisories = List.of();
        if (collateral.hasTcbInfo()) {
            window = window.intersect(collateral.verifySignatures(policy.pinnedRoot(), at, requireCrls));
            TcbEvaluator.Result tcb = TcbEvaluator.evaluate(collateral.tcbInfo(), collateral.qeIdentity(), pck, quote);
            if (!policy.acceptedTcbStatuses().contains(tcb.status())) {
                throw new Rejection("TCB status " + tcb.status().intelName() + " is not accepted by the policy"
                        + (tcb.advisoryIds().isEmpty() ? "" : " (advisories " + String.join(", ", tcb.advisoryIds()) + ")"));
            }
            status = Optional.of(tcb.status());
            advisories = tcb.advisoryIds();
        }
        Optional<String> mismatch = policy.measurementMismatch(report);
        if (mismatch.isPresent()) {
            throw new Rejection(mismatch.get());
        }
        return new VerifiedQuote(quote.header().version(), report, status, advisories, pck.fmspcHex(),
                window.from(), window.until(), quote.trailingBytes());
    }
}
