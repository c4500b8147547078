package dev.groups.tickets.tdx;

import dev.groups.tickets.tdx.internal.Collateral;
import dev.groups.tickets.tdx.internal.Pem;
import dev.groups.tickets.tdx.internal.QeIdentity;
import dev.groups.tickets.tdx.internal.Rejection;
import dev.groups.tickets.tdx.internal.TcbInfo;
import dev.groups.tickets.tdx.internal.Window;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Intel collateral supplied by the operator as bytes (nothing is fetched): the TDX TCB info and TD QE
 * identity (raw JSON or saved HTTP responses from Intel's PCS or a PCCS), the TCB signing chain when the
 * responses do not carry it in their {@code …-Issuer-Chain} header, and CRLs (PCK platform/processor CA
 * CRL, root CA CRL). Immutable. Parsed when built; signatures and validity are checked at each
 * verification, at the verification time.
 *
 * <p>Collateral is all or nothing: either {@link #none()}, or TCB info, QE identity <b>and</b> CRLs. With it,
 * a verification evaluates the TCB status and checks revocation of every certificate it relies on (a CA of
 * the chain without its CRL is a rejection). Half of it would switch on one check and silently leave the
 * other off, so {@link Builder#build()} refuses CRLs without TCB info and TCB info without CRLs.
 */
public final class TdxCollateral {
    private static final TdxCollateral NONE = new TdxCollateral(null, null, List.of(), List.of());

    private final Collateral.Signed<TcbInfo> tcbInfo;
    private final Collateral.Signed<QeIdentity> qeIdentity;
    private final List<X509Certificate> signingChain;
    private final List<X509CRL> crls;

    private TdxCollateral(Collateral.Signed<TcbInfo> tcbInfo, Collateral.Signed<QeIdentity> qeIdentity,
                          List<X509Certificate> signingChain, List<X509CRL> crls) {
        this.tcbInfo = tcbInfo;
        this.qeIdentity = qeIdentity;
        this.signingChain = List.copyOf(signingChain);
        this.crls = List.copyOf(crls);
    }

    /** No collateral: quotes are verified up to the pinned root, without TCB status or revocation. */
    public static TdxCollateral none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** True when TCB info and QE identity are present, so that a TCB status is evaluated. */
    public boolean hasTcbInfo() {
        return tcbInfo != null;
    }

    public List<X509CRL> crls() {
        return crls;
    }

    /** When the TCB info and QE identity stop being current (their earliest {@code nextUpdate}). */
    public Optional<Instant> nextUpdate() {
        if (tcbInfo == null) {
            return Optional.empty();
        }
        Instant a = tcbInfo.nextUpdate();
        Instant b = qeIdentity.nextUpdate();
        return Optional.of(a.isBefore(b) ? a : b);
    }

    /**
     * Checks the TCB info's and QE identity's signatures, their signing chain up to {@code pinnedRoot}
     * (with the CRLs), and that both are current at {@code at}.
     *
     * @return empty when all hold, else why not
     */
    public Optional<String> verify(X509Certificate pinnedRoot, Instant at) {
        if (tcbInfo == null) {
            return Optional.of("no TCB info and QE identity were supplied");
        }
        try {
            verifySignatures(pinnedRoot, at, true);
            return Optional.empty();
        } catch (Rejection r) {
            return Optional.of(r.reason());
        }
    }

    /** Returns the window over which the signatures and freshness checks hold. */
    Window verifySignatures(X509Certificate root, Instant at, boolean requireCrls)
            throws Rejection {
        return Collateral.verify("TCB info", tcbInfo, signingChain, root, at, crls, requireCrls)
                .intersect(Collateral.verify("QE identity", qeIdentity, signingChain, root, at, crls, requireCrls));
    }

    TcbInfo tcbInfo() {
        return tcbInfo.content();
    }

    QeIdentity qeIdentity() {
        return qeIdentity.content();
    }

    @Override
    public String toString() {
        return tcbInfo == null ? "TdxCollateral(crls=" + crls.size() + ")"
                : "TdxCollateral(fmspc=" + HexFormat.of().formatHex(tcbInfo.content().fmspc())
                        + ", nextUpdate=" + nextUpdate().orElseThrow() + ", crls=" + crls.size() + ")";
    }

    /** Collects collateral; each setter parses its input and throws {@link IllegalArgumentException} if malformed. */
    public static final class Builder {
        private Collateral.Signed<TcbInfo> tcbInfo;
        private Collateral.Signed<QeIdentity> qeIdentity;
        private final List<X509Certificate> signingChain = new ArrayList<>();
        private final List<X509CRL> crls = new ArrayList<>();

        private Builder() {}

        /** The TDX TCB info: JSON {@code {"tcbInfo":…,"signature":…}} or a saved HTTP response. */
        public Builder tcbInfo(byte[] responseOrJson) {
            this.tcbInfo = Collateral.tcbInfo(Objects.requireNonNull(responseOrJson, "responseOrJson"));
            return this;
        }

        /** The TD QE identity: JSON {@code {"enclaveIdentity":…,"signature":…}} or a saved HTTP response. */
        public Builder qeIdentity(byte[] responseOrJson) {
            this.qeIdentity = Collateral.qeIdentity(Objects.requireNonNull(responseOrJson, "responseOrJson"));
            return this;
        }

        /** The TCB signing chain (PEM: "Intel SGX TCB Signing", optionally the root), for bare JSON collateral. */
        public Builder signingChain(byte[] pem) {
            signingChain.clear();
            signingChain.addAll(Pem.certificates(Objects.requireNonNull(pem, "pem")));
            return this;
        }

        /** Adds a CRL (DER or PEM): the PCK platform/processor CA CRL or the root CA CRL. */
        public Builder crl(byte[] derOrPem) {
            crls.add(Pem.crl(Objects.requireNonNull(derOrPem, "derOrPem")));
            return this;
        }

        /**
         * @throws IllegalArgumentException unless TCB info, QE identity and at least one CRL are all supplied,
         *                                  or none of them is
         */
        public TdxCollateral build() {
            if ((tcbInfo == null) != (qeIdentity == null)) {
                throw new IllegalArgumentException("TCB info and QE identity must be supplied together");
            }
            if (tcbInfo == null && !crls.isEmpty()) {
                throw new IllegalArgumentException("CRLs were supplied without TCB info and QE identity: supply those "
                        + "too, so that the TCB status is checked along with revocation");
            }
            if (tcbInfo != null && crls.isEmpty()) {
                throw new IllegalArgumentException("TCB info was supplied without CRLs: supply the PCK CA CRL and the "
                        + "root CA CRL too, so that revocation is checked along with the TCB status");
            }
            return new TdxCollateral(tcbInfo, qeIdentity, signingChain, crls);
        }
    }
}
