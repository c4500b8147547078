package dev.groups.tickets.tdx;

import dev.groups.tickets.tdx.internal.SgxExtensions;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test PKI shaped like Intel's: root CA → PCK platform CA → PCK certificate (with an SGX extension),
 * and root CA → TCB signing certificate. Every certificate is valid from {@link #NOT_BEFORE} to
 * {@link #NOT_AFTER}.
 */
final class TestPki {
    static final Instant NOT_BEFORE = Instant.parse("2020-01-01T00:00:00Z");
    static final Instant NOT_AFTER = Instant.parse("2040-01-01T00:00:00Z");
    /** A time inside every validity window. */
    static final Instant NOW = Instant.parse("2030-06-01T00:00:00Z");
    static final byte[] FMSPC = {0x50, (byte) 0x80, 0x6f, 0, 0, 0};
    static final byte[] PCE_ID = {0, 0};
    static final int[] SGX_TCB = {3, 3, 2, 2, 2, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0};
    static final int PCE_SVN = 11;

    final KeyPair rootKey = newKey();
    final KeyPair caKey = newKey();
    final KeyPair pckKey = newKey();
    final KeyPair tcbSigningKey = newKey();
    final X509Certificate root;
    final X509Certificate ca;
    final X509Certificate pck;
    final X509Certificate tcbSigning;
    private long serial = 1;

    TestPki() {
        this("Test");
    }

    /** {@code name} distinguishes the subjects of two test PKIs. */
    TestPki(String name) {
        X500Name rootName = name("Intel SGX Root CA", name);
        X500Name caName = name("Intel SGX PCK Platform CA", name);
        root = certificate(rootName, rootName, rootKey.getPublic(), rootKey, 1, null);
        ca = certificate(rootName, caName, caKey.getPublic(), rootKey, 0, null);
        pck = certificate(caName, name("Intel SGX PCK Certificate", name), pckKey.getPublic(), caKey, -1,
                sgxExtension(FMSPC, PCE_ID, SGX_TCB, PCE_SVN));
        tcbSigning = certificate(rootName, name("Intel SGX TCB Signing", name), tcbSigningKey.getPublic(), rootKey,
                -1, null);
    }

    static KeyPair newKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CRL of {@code issuer} (this PKI's root or CA) revoking {@code revoked}, current at {@link #NOW}. */
    X509CRL crl(X509Certificate issuer, KeyPair issuerKey, X509Certificate... revoked) {
        return crl(issuer, issuerKey, NOT_BEFORE, NOT_AFTER, revoked);
    }

    X509CRL crl(X509Certificate issuer, KeyPair issuerKey, Instant thisUpdate, Instant nextUpdate,
                X509Certificate... revoked) {
        try {
            X509v2CRLBuilder b = new JcaX509v2CRLBuilder(issuer, Date.from(thisUpdate));
            b.setNextUpdate(Date.from(nextUpdate));
            for (X509Certificate c : revoked) {
                b.addCRLEntry(c.getSerialNumber(), Date.from(thisUpdate), CRLReason.keyCompromise);
            }
            return new JcaX509CRLConverter().getCRL(b.build(signer(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X500Name name(String cn, String org) {
        return new X500Name("CN=" + cn + ", O=" + org + " Corporation, C=US");
    }

    private X509Certificate certificate(X500Name issuer, X500Name subject, PublicKey key, KeyPair signer,
                                        int pathLength, ASN1Encodable sgx) {
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(serial++),
                    Date.from(NOT_BEFORE), Date.from(NOT_AFTER), subject, key);
            if (pathLength >= 0) {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLength));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                b.addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            }
            if (sgx != null) {
                b.addExtension(new ASN1ObjectIdentifier(SgxExtensions.OID), false, sgx);
            }
            return new JcaX509CertificateConverter().getCertificate(b.build(signer(signer)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ContentSigner signer(KeyPair key) throws Exception {
        return new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate());
    }

    /** The SGX extension as Intel encodes it: SEQUENCE of (OID, value) pairs, the TCB as a nested one. */
    static ASN1Encodable sgxExtension(byte[] fmspc, byte[] pceId, int[] tcb, int pceSvn) {
        String oid = SgxExtensions.OID;
        ASN1Encodable[] tcbPairs = new ASN1Encodable[18];
        byte[] cpuSvn = new byte[16];
        for (int i = 0; i < 16; i++) {
            tcbPairs[i] = pair(oid + ".2." + (i + 1), new ASN1Integer(tcb[i]));
            cpuSvn[i] = (byte) tcb[i];
        }
        tcbPairs[16] = pair(oid + ".2.17", new ASN1Integer(pceSvn));
        tcbPairs[17] = pair(oid + ".2.18", new DEROctetString(cpuSvn));
        return new DERSequence(new ASN1Encodable[] {
            pair(oid + ".1", new DEROctetString(new byte[16])),
            pair(oid + ".2", new DERSequence(tcbPairs)),
            pair(oid + ".3", new DEROctetString(pceId)),
            pair(oid + ".4", new DEROctetString(fmspc)),
            pair(oid + ".5", new ASN1Enumerated(0)),
        });
    }

    private static ASN1Encodable pair(String oid, ASN1Encodable value) {
        return new DERSequence(new ASN1Encodable[] {new ASN1ObjectIdentifier(oid), value});
    }
}
