package dev.groups.tickets.tdx;

import dev.groups.tickets.tdx.internal.Ecdsa;
import dev.groups.tickets.tdx.internal.Pem;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Builds complete, correctly signed TDX quotes (v4, or v5 with a TDX 1.0 or 1.5 body) under a
 * {@link TestPki}: the attestation key signs header ‖ body, the PCK key signs the QE report, whose
 * REPORTDATA commits to the attestation key. Every field can be changed before {@link #build()}.
 */
final class TestQuotes {
    static final byte[] INTEL_QE_VENDOR = HexFormat.of().parseHex("939a7233f79c4ca9940a0db3957f0607");
    static final byte[] QE_MRSIGNER = HexFormat.of().parseHex(
            "dc9e2a7c6f948f17474e34a7fc43ed030f7c1563f1babddf6340c82e0e54a8c5");
    static final String MRTD = "11".repeat(48);
    static final String RTMR0 = "22".repeat(48);

    private final TestPki pki;
    KeyPair attestationKey = TestPki.newKey();
    int version = 4;
    int bodyType = 2;
    byte[] body = new byte[TdReport.TDX15_LENGTH];
    byte[] qeReport = new byte[384];
    byte[] qeAuthData = new byte[32];
    X509Certificate[] chain;
    /** When set, the QE report is signed by this key instead of the PCK key (a forgery). */
    PrivateKey qeReportSigner;

    TestQuotes(TestPki pki) {
        this.pki = pki;
        this.chain = new X509Certificate[] {pki.pck, pki.ca, pki.root};
        for (int i = 0; i < qeAuthData.length; i++) {
            qeAuthData[i] = (byte) i;
        }
        body[0] = 3; // TEE TCB SVN: module ISVSVN 3, version 0, then the SEAM loader's 4
        body[2] = 4;
        put(body, TdReport.TD_ATTRIBUTES + 3, (byte) 0x40); // SEPT_VE_DISABLE, not debug
        put(body, TdReport.MR_TD, HexFormat.of().parseHex(MRTD));
        put(body, TdReport.RTMR0, HexFormat.of().parseHex(RTMR0));
        System.arraycopy(QE_MRSIGNER, 0, qeReport, 128, 32);
        qeReport[256] = 2; // ISVPRODID 2: the TD QE
        qeReport[258] = 4; // ISVSVN 4
        qeReport[48] = 0x15; // attributes INIT | MODE64BIT | PROVISIONKEY, as Intel's QE
    }

    TestQuotes version5(int bodyType) {
        this.version = 5;
        this.bodyType = bodyType;
        return this;
    }

    TestQuotes reportData(byte[] reportData) {
        put(body, TdReport.REPORT_DATA, reportData);
        return this;
    }

    TestQuotes debug() {
        body[TdReport.TD_ATTRIBUTES] |= 1;
        return this;
    }

    TestQuotes measurement(int offset, String hex) {
        put(body, offset, HexFormat.of().parseHex(hex));
        return this;
    }

    byte[] build() {
        int bodyLength = bodyType == 3 ? TdReport.TDX15_LENGTH : TdReport.TDX10_LENGTH;
        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        signed.writeBytes(le(48).putShort((short) version).putShort((short) 2).putInt(0x81).putShort((short) 0)
                .putShort((short) 0).put(INTEL_QE_VENDOR).put(new byte[20]).array());
        if (version == 5) {
            signed.writeBytes(le(6).putShort((short) bodyType).putInt(bodyLength).array());
        }
        signed.write(body, 0, bodyLength);
        byte[] key = rawKey((ECPublicKey) attestationKey.getPublic());
        byte[] report = qeReport.clone();
        System.arraycopy(Ecdsa.sha256(key, qeAuthData), 0, report, 320, 32);
        byte[] pem = pem(chain);
        ByteArrayOutputStream qe = new ByteArrayOutputStream();
        qe.writeBytes(report);
        qe.writeBytes(sign(qeReportSigner != null ? qeReportSigner : pki.pckKey.getPrivate(), report));
        qe.writeBytes(le(2).putShort((short) qeAuthData.length).array());
        qe.writeBytes(qeAuthData);
        qe.writeBytes(le(6).putShort((short) 5).putInt(pem.length).array());
        qe.writeBytes(pem);
        byte[] signedBytes = signed.toByteArray();
        ByteArrayOutputStream sig = new ByteArrayOutputStream();
        sig.writeBytes(sign(attestationKey.getPrivate(), signedBytes));
        sig.writeBytes(key);
        sig.writeBytes(le(6).putShort((short) 6).putInt(qe.size()).array());
        sig.writeBytes(qe.toByteArray());
        ByteArrayOutputStream quote = new ByteArrayOutputStream();
        quote.writeBytes(signedBytes);
        quote.writeBytes(le(4).putInt(sig.size()).array());
        quote.writeBytes(sig.toByteArray());
        return quote.toByteArray();
    }

    /** A quote provider that embeds the requested REPORTDATA in a quote built by {@code quotes}. */
    static QuoteProvider provider(TestQuotes quotes) {
        return reportData -> quotes.reportData(reportData).build();
    }

    static byte[] rawKey(ECPublicKey key) {
        byte[] out = new byte[64];
        System.arraycopy(unsigned32(key.getW().getAffineX()), 0, out, 0, 32);
        System.arraycopy(unsigned32(key.getW().getAffineY()), 0, out, 32, 32);
        return out;
    }

    static byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] pem(X509Certificate... certs) {
        StringBuilder sb = new StringBuilder();
        try {
            for (X509Certificate c : certs) {
                sb.append(Pem.canonical(c));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] unsigned32(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(32, b.length);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return out;
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void put(byte[] target, int offset, byte... bytes) {
        System.arraycopy(bytes, 0, target, offset, bytes.length);
    }

    static byte[] copy(byte[] b) {
        return Arrays.copyOf(b, b.length);
    }
}
