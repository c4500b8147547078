package dev.groups.tickets.tdx.internal;

import java.util.Arrays;

/**
 * An SGX enclave report body (384 bytes): here always the Quoting Enclave's report, which the PCK key
 * signs and whose REPORTDATA commits to the attestation key. Offsets from Intel's SGX ECDSA quote spec.
 */
public final class EnclaveReport {
    public static final int LENGTH = 384;
    private static final int MISC_SELECT = 16;
    private static final int ATTRIBUTES = 48;
    private static final int MR_SIGNER = 128;
    private static final int ISV_PROD_ID = 256;
    private static final int ISV_SVN = 258;
    private static final int REPORT_DATA = 320;

    private final byte[] raw;

    EnclaveReport(byte[] raw) {
        if (raw.length != LENGTH) {
            throw new IllegalArgumentException("an enclave report is 384 bytes");
        }
        this.raw = raw;
    }

    public byte[] raw() {
        return raw.clone();
    }

    public byte[] miscSelect() {
        return Arrays.copyOfRange(raw, MISC_SELECT, MISC_SELECT + 4);
    }

    public byte[] attributes() {
        return Arrays.copyOfRange(raw, ATTRIBUTES, ATTRIBUTES + 16);
    }

    public byte[] mrSigner() {
        return Arrays.copyOfRange(raw, MR_SIGNER, MR_SIGNER + 32);
    }

    public int isvProdId() {
        return (raw[ISV_PROD_ID] & 0xff) | (raw[ISV_PROD_ID + 1] & 0xff) << 8;
    }

    public int isvSvn() {
        return (raw[ISV_SVN] & 0xff) | (raw[ISV_SVN + 1] & 0xff) << 8;
    }

    public byte[] reportData() {
        return Arrays.copyOfRange(raw, REPORT_DATA, REPORT_DATA + 64);
    }
}
