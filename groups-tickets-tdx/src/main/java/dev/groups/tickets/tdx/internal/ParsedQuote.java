package dev.groups.tickets.tdx.internal;

import dev.groups.tickets.tdx.TdReport;

/**
 * A structurally valid TDX quote: every length checked, nothing verified yet. Offsets of the signed
 * region are kept so that the signature is checked over the exact bytes received.
 *
 * @param raw               the whole input (not copied: the parser's caller owns it)
 * @param signedLength      header ‖ (v5: body descriptor ‖) body: the bytes the attestation key signs
 * @param trailingBytes     bytes after the signature data; Intel's and Google's verifiers ignore them
 */
public record ParsedQuote(byte[] raw, QuoteHeader header, int bodyType, TdReport body, int signedLength,
                          byte[] signature, byte[] attestationKey, EnclaveReport qeReport,
                          byte[] qeReportSignature, byte[] qeAuthData, byte[] pckChainPem, int trailingBytes) {
    public static final int BODY_TDX10 = 2;
    public static final int BODY_TDX15 = 3;
}
