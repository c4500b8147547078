package dev.groups.tickets.tdx.internal;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The PCK certificate chain carried in a quote: PCK leaf ‖ platform or processor CA ‖ (root). Parsed
 * strictly ({@link Pem#strictChain}); Intel's name checks applied, so that another certificate under
 * the same root (a TCB signing certificate, say) cannot stand in for a PCK certificate.
 */
public record PckChain(List<X509Certificate> certificates) {
    public static final String WHAT = "PCK certificate chain";

    public PckChain {
        certificates = List.copyOf(certificates);
    }

    public static PckChain parse(byte[] pem) throws Rejection {
        List<X509Certificate> certs = Pem.strictChain(pem, 3, WHAT);
        if (certs.size() < 2) {
            throw new Rejection(WHAT + " has " + certs.size() + " certificate; the PCK certificate and its CA are required");
        }
        String leaf = Names.subjectCn(certs.get(0));
        if (!leaf.contains("SGX PCK Certificate")) {
            throw new Rejection(WHAT + ": leaf certificate '" + leaf + "' is not a PCK certificate");
        }
        String ca = Names.subjectCn(certs.get(1));
        if (!ca.contains("SGX PCK Platform CA") && !ca.contains("SGX PCK Processor CA")) {
            throw new Rejection(WHAT + ": intermediate certificate '" + ca + "' is not a PCK platform or processor CA");
        }
        if (!Ecdsa.isP256(certs.get(0).getPublicKey())) {
            throw new Rejection(WHAT + ": the PCK certificate's key is not a P-256 key");
        }
        return new PckChain(certs);
    }

    public X509Certificate leaf() {
        return certificates.get(0);
    }

    public PublicKey leafKey() {
        return leaf().getPublicKey();
    }
}
