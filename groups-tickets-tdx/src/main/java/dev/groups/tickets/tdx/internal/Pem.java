package dev.groups.tickets.tdx.internal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CRL;
import java.security.cert.CRLException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * Certificates and CRLs from PEM or DER.
 *
 * <p>The PCK chain inside a quote is read <b>strictly</b>: it must be exactly the canonical PEM
 * encoding of its certificates (64-character lines, {@code \n}), optionally followed by one NUL byte.
 * So no byte of the chain can change without the quote being rejected, even bytes that a lenient PEM
 * reader would skip. Operator-supplied files (roots, signing chains, CRLs) are read leniently.
 */
public final class Pem {
    private static final String BEGIN = "-----BEGIN CERTIFICATE-----\n";
    private static final String END = "-----END CERTIFICATE-----\n";
    private static final Base64.Encoder LINES = Base64.getMimeEncoder(64, new byte[] {'\n'});

    private Pem() {}

    /** The certificates of a canonical PEM chain, in order; at most {@code max} of them. */
    public static List<X509Certificate> strictChain(byte[] pem, int max, String what) throws Rejection {
        int length = pem.length;
        if (length > 0 && pem[length - 1] == 0) {
            length--; // Intel's QE may NUL-terminate the chain.
        }
        String text = new String(pem, 0, length, StandardCharsets.ISO_8859_1);
        List<X509Certificate> certs = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            if (certs.size() == max) {
                throw new Rejection(what + " has more than " + max + " certificates");
            }
            if (!text.startsWith(BEGIN, pos)) {
                throw new Rejection(what + ": expected a PEM CERTIFICATE block at offset " + pos);
            }
            int end = text.indexOf(END, pos);
            if (end < 0) {
                throw new Rejection(what + ": PEM block at offset " + pos + " is not terminated");
            }
            String block = text.substring(pos, end + END.length());
            X509Certificate cert = derCertificate(base64(text.substring(pos + BEGIN.length(), end), what), what);
            if (!canonical(cert).equals(block)) {
                throw new Rejection(what + ": certificate " + (certs.size() + 1) + " is not canonically PEM-encoded");
            }
            certs.add(cert);
            pos = end + END.length();
        }
        if (certs.isEmpty()) {
            throw new Rejection(what + " is empty");
        }
        return certs;
    }

    /** The canonical PEM text of one certificate. */
    public static String canonical(X509Certificate cert) throws Rejection {
        try {
            return BEGIN + new String(LINES.encode(cert.getEncoded()), StandardCharsets.US_ASCII) + "\n" + END;
        } catch (CertificateException e) {
            throw new Rejection("certificate cannot be encoded: " + e.getMessage());
        }
    }

    /** Every certificate in PEM or DER input (lenient: for operator-supplied files). */
    public static List<X509Certificate> certificates(byte[] input) {
        try {
            Collection<? extends Certificate> certs = factory().generateCertificates(new ByteArrayInputStream(input));
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : certs) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("no certificate found");
            }
            return List.copyOf(out);
        } catch (CertificateException | RuntimeException e) {
            throw new IllegalArgumentException("not a PEM or DER certificate: " + e.getMessage(), e);
        }
    }

    /** One CRL in PEM or DER (lenient: for operator-supplied files). */
    public static X509CRL crl(byte[] input) {
        try {
            CRL crl = factory().generateCRL(new ByteArrayInputStream(input));
            if (!(crl instanceof X509CRL x509)) {
                throw new IllegalArgumentException("not an X.509 CRL");
            }
            return x509;
        } catch (CRLException | RuntimeException e) {
            throw new IllegalArgumentException("not a PEM or DER CRL: " + e.getMessage(), e);
        }
    }

    private static byte[] base64(String body, String what) throws Rejection {
        String[] lines = body.split("\n", -1);
        StringBuilder joined = new StringBuilder(body.length());
        for (int i = 0; i < lines.length; i++) {
            boolean last = i == lines.length - 1;
            // The body ends with "\n" before END, so the final split element is empty.
            if (last ? !lines[i].isEmpty() : lines[i].isEmpty() || lines[i].length() > 64) {
                throw new Rejection(what + ": malformed PEM line");
            }
            joined.append(lines[i]);
        }
        try {
            return Base64.getDecoder().decode(joined.toString());
        } catch (IllegalArgumentException e) {
            throw new Rejection(what + ": invalid base64: " + e.getMessage());
        }
    }

    private static X509Certificate derCertificate(byte[] der, String what) throws Rejection {
        try {
            ByteArrayInputStream in = new ByteArrayInputStream(der);
            X509Certificate cert = (X509Certificate) factory().generateCertificate(in);
            if (in.available() != 0) {
                throw new Rejection(what + ": bytes after a certificate's DER encoding");
            }
            return cert;
        } catch (CertificateException | RuntimeException e) {
            // The JDK's parser signals some malformed DER with runtime exceptions; all are a bad certificate.
            throw new Rejection(what + ": not an X.509 certificate: " + e.getMessage());
        }
    }

    private static CertificateFactory factory() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK must support X.509", e);
        }
    }
}
