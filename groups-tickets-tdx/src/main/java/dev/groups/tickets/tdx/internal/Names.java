package dev.groups.tickets.tdx.internal;

import java.security.cert.X509Certificate;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** Common names of certificates, for Intel's name checks and for readable reasons. */
public final class Names {
    private Names() {}

    public static String commonName(X500Principal principal) {
        try {
            RDN[] cns = X500Name.getInstance(principal.getEncoded()).getRDNs(BCStyle.CN);
            return cns.length == 0 ? "" : IETFUtils.valueToString(cns[0].getFirst().getValue());
        } catch (RuntimeException e) {
            return "";
        }
    }

    public static String subjectCn(X509Certificate cert) {
        return commonName(cert.getSubjectX500Principal());
    }
}
