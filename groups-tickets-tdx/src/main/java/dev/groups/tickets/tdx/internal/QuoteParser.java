package dev.groups.tickets.tdx.internal;

import dev.groups.tickets.tdx.TdReport;
import java.util.Arrays;

/**
 * Parses TDX quotes, versions 4 and 5 (Intel TDX DCAP Quoting Library API, appendix A):
 * <pre>
 * header (48) ‖ [v5: body type u16 ‖ body size u32] ‖ TD report body (584 | 648)
 * ‖ signature data length u32 ‖ signature data:
 *     ECDSA signature (64, r‖s) ‖ attestation key (64, x‖y)
 *     ‖ certification data: type u16 (= 6) ‖ size u32 ‖ QE report certification data:
 *         QE report (384) ‖ QE report signature (64) ‖ QE auth data: size u16 ‖ data
 *         ‖ certification data: type u16 (= 5) ‖ size u32 ‖ PEM PCK certificate chain
 * </pre>
 * Every nested length must be consumed exactly (as Intel's verifier requires); only bytes after the
 * signature data are tolerated, and counted. Only {@link MalformedQuoteException} is thrown, for any input.
 */
public final class QuoteParser {
    /** Input larger than this is not a quote (real ones are about 5 KiB); checked before any work. */
    public static final int MAX_QUOTE_LENGTH = 64 * 1024;
    static final int CERT_DATA_QE_REPORT = 6;
    static final int CERT_DATA_PCK_CHAIN_PEM = 5;
    private static final int SIGNATURE_LENGTH = 64;
    private static final int KEY_LENGTH = 64;

    private QuoteParser() {}

    public static ParsedQuote parse(byte[] quote) throws MalformedQuoteException {
        if (quote == null) {
            throw new MalformedQuoteException("no quote");
        }
        if (quote.length > MAX_QUOTE_LENGTH) {
            throw new MalformedQuoteException("quote is " + quote.length + " bytes, more than the " + MAX_QUOTE_LENGTH + " allowed");
        }
        ByteCursor in = new ByteCursor(quote);
        QuoteHeader header = header(in);
        int bodyType = ParsedQuote.BODY_TDX10;
        int bodyLength = TdReport.TDX10_LENGTH;
        if (header.version() == 5) {
            bodyType = in.u16le("v5 body type");
            long size = in.u32le("v5 body size");
            if (bodyType == ParsedQuote.BODY_TDX10) {
                bodyLength = TdReport.TDX10_LENGTH;
            } else if (bodyType == ParsedQuote.BODY_TDX15) {
                bodyLength = TdReport.TDX15_LENGTH;
            } else {
                throw new MalformedQuoteException("unsupported v5 body type " + bodyType + " (2 = TDX 1.0, 3 = TDX 1.5)");
            }
            if (size != bodyLength) {
                throw new MalformedQuoteException("v5 body size " + size + " does not match body type " + bodyType
                        + " (" + bodyLength + " bytes)");
            }
        }
        TdReport body = TdReport.of(in.bytes(bodyLength, "TD report body"));
        int signedLength = in.position();
        long signatureDataLength = in.u32le("signature data length");
        in.need(signatureDataLength, "signature data");
        ByteCursor sig = new ByteCursor(quote, in.position(), (int) signatureDataLength);
        in.skip(signatureDataLength, "signature data");
        byte[] signature = sig.bytes(SIGNATURE_LENGTH, "quote signature");
        byte[] attestationKey = sig.bytes(KEY_LENGTH, "attestation key");
        ByteCursor qeData = certificationData(quote, sig, CERT_DATA_QE_REPORT, "QE report certification data");
        sig.expectEnd("signature data");
        EnclaveReport qeReport = new EnclaveReport(qeData.bytes(EnclaveReport.LENGTH, "QE report"));
        byte[] qeReportSignature = qeData.bytes(SIGNATURE_LENGTH, "QE report signature");
        int authLength = qeData.u16le("QE auth data length");
        byte[] qeAuthData = qeData.bytes(authLength, "QE auth data");
        ByteCursor pem = certificationData(quote, qeData, CERT_DATA_PCK_CHAIN_PEM, "PCK certificate chain");
        qeData.expectEnd("QE report certification data");
        byte[] pckChain = pem.bytes(pem.remaining(), "PCK certificate chain");
        return new ParsedQuote(quote, header, bodyType, body, signedLength, signature, attestationKey, qeReport,
                qeReportSignature, qeAuthData, pckChain, in.remaining());
    }

    private static QuoteHeader header(ByteCursor in) throws MalformedQuoteException {
        int version = in.u16le("header version");
        if (version != 4 && version != 5) {
            throw new MalformedQuoteException("unsupported quote version " + version + " (4 and 5 are supported)");
        }
        int keyType = in.u16le("attestation key type");
        if (keyType != QuoteHeader.ATTESTATION_KEY_ECDSA_P256) {
            throw new MalformedQuoteException("unsupported attestation key type " + keyType + " (2 = ECDSA-256 with P-256)");
        }
        long teeType = in.u32le("TEE type");
        // The body layout depends on the TEE type, so a non-TDX quote cannot be parsed any further.
        if (teeType != QuoteHeader.TEE_TYPE_TDX) {
            throw new MalformedQuoteException(String.format("TEE type is 0x%x, not TDX (0x81)", teeType));
        }
        int qeSvn = in.u16le("QE SVN");
        int pceSvn = in.u16le("PCE SVN");
        byte[] vendor = in.bytes(16, "QE vendor id");
        if (!Arrays.equals(vendor, QuoteHeader.INTEL_QE_VENDOR_ID)) {
            throw new MalformedQuoteException("QE vendor id is not Intel's");
        }
        in.skip(20, "header user data");
        return new QuoteHeader(version, keyType, teeType, qeSvn, pceSvn, vendor);
    }

    /** Reads {@code type u16 ‖ size u32} and returns a cursor over exactly {@code size} bytes. */
    private static ByteCursor certificationData(byte[] quote, ByteCursor in, int expectedType, String what)
            throws MalformedQuoteException {
        int type = in.u16le(what + " type");
        if (type != expectedType) {
            throw new MalformedQuoteException(what + ": certification data type " + type + ", expected " + expectedType);
        }
        long size = in.u32le(what + " size");
        in.need(size, what);
        ByteCursor inner = new ByteCursor(quote, in.position(), (int) size);
        in.skip(size, what);
        return inner;
    }
}
