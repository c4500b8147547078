package dev.groups.tickets.tdx.internal;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/** Parsing and signature verification of Intel's signed collateral (TCB info, QE identity). */
public final class Collateral {
    private Collateral() {}

    /** A signed document and its parsed content. */
    public record Signed<T>(SignedDocument document, T content, Instant issueDate, Instant nextUpdate) {}

    /** @throws IllegalArgumentException if the input is not a well-formed TDX TCB info response */
    public static Signed<TcbInfo> tcbInfo(byte[] input) {
        SignedDocument doc = SignedDocument.parse(input, "tcbInfo");
        TcbInfo info = TcbInfo.parse(doc.content());
        return new Signed<>(doc, info, info.issueDate(), info.nextUpdate());
    }

    /** @throws IllegalArgumentException if the input is not a well-formed TD QE identity response */
    public static Signed<QeIdentity> qeIdentity(byte[] input) {
        SignedDocument doc = SignedDocument.parse(input, "enclaveIdentity");
        QeIdentity identity = QeIdentity.parse(doc.content());
        return new Signed<>(doc, identity, identity.issueDate(), identity.nextUpdate());
    }

    /**
     * Checks a document's signature, then its signing chain against the pinned root at {@code at}, then
     * that the document itself is current ({@code issueDate ≤ at ≤ nextUpdate}).
     *
     * @param fallbackChain the chain to use when the document came without an issuer chain header
     * @return the window over which this check holds
     */
    public static Window verify(String what, Signed<?> signed, List<X509Certificate> fallbackChain,
                                X509Certificate root, Instant at, List<X509CRL> crls, boolean requireCrls)
            throws Rejection {
        SignedDocument doc = signed.document();
        List<X509Certificate> chain = doc.issuerChain().isEmpty() ? fallbackChain : doc.issuerChain();
        if (chain.isEmpty()) {
            throw new Rejection(what + ": no signing certificate chain was supplied");
        }
        X509Certificate signer = chain.get(0);
        String cn = Names.subjectCn(signer);
        if (!cn.contains("SGX TCB Signing")) {
            throw new Rejection(what + ": signing certificate '" + cn + "' is not a TCB signing certificate");
        }
        if (!Ecdsa.verify(signer.getPublicKey(), doc.signedBytes(), doc.signature())) {
            throw new Rejection(what + ": signature does not verify with '" + cn + "'");
        }
        Window window = ChainValidator.validate(what + " signing chain", chain, root, at, crls, requireCrls);
        if (at.isBefore(signed.issueDate()) || at.isAfter(signed.nextUpdate())) {
            throw new Rejection(what + " is not current at " + at + " (issued " + signed.issueDate()
                    + ", next update " + signed.nextUpdate() + "): supply fresh collateral");
        }
        return window.intersect(signed.issueDate(), signed.nextUpdate());
    }
}
