package dev.groups.tickets.tdx.internal;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Validates a certificate chain (leaf first) against one pinned root at a given time: validity windows
 * of every certificate (the root's too, which PKIX does not check), PKIX path validation with the root
 * as the only trust anchor, then the supplied CRLs. Revocation is checked here rather than by PKIX so
 * that nothing is ever fetched from the network and each CRL's own validity is enforced.
 */
public final class ChainValidator {
    private ChainValidator() {}

    /**
     * @param chain       leaf first; may end with a copy of the pinned root, which must then be identical
     * @param crls        CRLs to apply; each is used for the certificates its issuer signed
     * @param requireCrls when true, every CA of the chain (root included) must have a current CRL
     * @return the window of times over which this validation holds
     */
    public static Window validate(String what, List<X509Certificate> chain, X509Certificate root, Instant at,
                                  List<X509CRL> crls, boolean requireCrls) throws Rejection {
        List<X509Certificate> path = withoutRoot(what, chain, root);
        Window window = Window.ALWAYS;
        List<X509Certificate> all = new ArrayList<>(path);
        all.add(root);
        for (X509Certificate cert : all) {
            Instant from = cert.getNotBefore().toInstant();
            Instant until = cert.getNotAfter().toInstant();
            if (at.isBefore(from) || at.isAfter(until)) {
                throw new Rejection(what + ": certificate '" + Names.subjectCn(cert) + "' is not valid at " + at
                        + " (valid from " + from + " to " + until + ")");
            }
            window = window.intersect(from, until);
        }
        pkix(what, path, root, at);
        for (int i = 0; i < path.size(); i++) {
            X509Certificate issuer = i + 1 < path.size() ? path.get(i + 1) : root;
            window = window.intersect(revocation(what, path.get(i), issuer, at, crls, requireCrls));
        }
        return window;
    }

    private static List<X509Certificate> withoutRoot(String what, List<X509Certificate> chain, X509Certificate root)
            throws Rejection {
        if (chain.isEmpty()) {
            throw new Rejection(what + " is empty");
        }
        List<X509Certificate> path = new ArrayList<>(chain);
        X509Certificate last = path.get(path.size() - 1);
        if (last.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
            if (!sameEncoding(last, root)) {
                throw new Rejection(what + " ends in a root certificate ('" + Names.subjectCn(last)
                        + "') that is not the pinned root");
            }
            path.remove(path.size() - 1);
        }
        if (path.isEmpty()) {
            throw new Rejection(what + " holds only the root certificate");
        }
        return path;
    }

    private static void pkix(String what, List<X509Certificate> path, X509Certificate root, Instant at)
            throws Rejection {
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
            params.setRevocationEnabled(false);
            params.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(certPath, params);
        } catch (CertPathValidatorException e) {
            throw new Rejection(what + " does not chain to the pinned root: " + e.getMessage()
                    + (e.getIndex() >= 0 ? " (certificate " + (e.getIndex() + 1) + ")" : ""));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new Rejection(what + " cannot be validated: " + e);
        }
    }

    private static Window revocation(String what, X509Certificate cert, X509Certificate issuer, Instant at,
                                     List<X509CRL> crls, boolean requireCrls) throws Rejection {
        Window window = Window.ALWAYS;
        boolean found = false;
        for (X509CRL crl : crls) {
            if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                continue;
            }
            String issuerName = "'" + Names.subjectCn(issuer) + "'";
            try {
                crl.verify(issuer.getPublicKey());
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new Rejection(what + ": the CRL of " + issuerName + " is not signed by it");
            }
            Instant thisUpdate = crl.getThisUpdate().toInstant();
            Instant nextUpdate = crl.getNextUpdate() == null ? Instant.MAX : crl.getNextUpdate().toInstant();
            if (at.isBefore(thisUpdate) || at.isAfter(nextUpdate)) {
                throw new Rejection(what + ": the CRL of " + issuerName + " is not current at " + at
                        + " (this update " + thisUpdate + ", next update " + nextUpdate + ")");
            }
            X509CRLEntry entry = crl.getRevokedCertificate(cert);
            if (entry != null) {
                throw new Rejection(what + ": certificate '" + Names.subjectCn(cert) + "' (serial "
                        + cert.getSerialNumber().toString(16) + ") is revoked by the CRL of " + issuerName
                        + " since " + entry.getRevocationDate().toInstant());
            }
            window = window.intersect(thisUpdate, nextUpdate);
            found = true;
        }
        if (requireCrls && !found) {
            throw new Rejection(what + ": no CRL of '" + Names.subjectCn(issuer) + "' was supplied");
        }
        return window;
    }

    static boolean sameEncoding(X509Certificate a, X509Certificate b) {
        try {
            return Arrays.equals(a.getEncoded(), b.getEncoded());
        } catch (CertificateEncodingException e) {
            return false;
        }
    }
}
