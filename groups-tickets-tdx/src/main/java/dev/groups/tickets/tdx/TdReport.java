package dev.groups.tickets.tdx;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The TD report body of a quote (TDX 1.0: 584 bytes; TDX 1.5: 648 bytes, adding TEE_TCB_SVN2 and
 * MRSERVICETD). Offsets follow Intel's TDX DCAP Quoting Library API, appendix A.3. Immutable.
 */
public final class TdReport {
    public static final int TDX10_LENGTH = 584;
    public static final int TDX15_LENGTH = 648;

    static final int TEE_TCB_SVN = 0;
    static final int MR_SEAM = 16;
    static final int MR_SIGNER_SEAM = 64;
    static final int SEAM_ATTRIBUTES = 112;
    static final int TD_ATTRIBUTES = 120;
    static final int XFAM = 128;
    static final int MR_TD = 136;
    static final int MR_CONFIG_ID = 184;
    static final int MR_OWNER = 232;
    static final int MR_OWNER_CONFIG = 280;
    static final int RTMR0 = 328;
    /** Offset of REPORTDATA (64 bytes) in the body. */
    public static final int REPORT_DATA = 520;
    static final int TEE_TCB_SVN2 = 584;
    static final int MR_SERVICE_TD = 600;
    /** TD attributes bit 0 (TUD.DEBUG): the TD's memory and state can be read by the host. */
    public static final long DEBUG_BIT = 1L;

    private final byte[] raw;

    private TdReport(byte[] raw) {
        this.raw = raw;
    }

    /** From the raw body bytes (copied): 584 bytes (TDX 1.0) or 648 bytes (TDX 1.5). */
    public static TdReport of(byte[] raw) {
        Objects.requireNonNull(raw, "raw");
        if (raw.length != TDX10_LENGTH && raw.length != TDX15_LENGTH) {
            throw new IllegalArgumentException("a TD report body is 584 or 648 bytes, got " + raw.length);
        }
        return new TdReport(raw.clone());
    }

    public boolean isTdx15() {
        return raw.length == TDX15_LENGTH;
    }

    public byte[] teeTcbSvn() {
        return Arrays.copyOfRange(raw, TEE_TCB_SVN, TEE_TCB_SVN + 16);
    }

    public Measurement mrSeam() {
        return Measurement.slice(raw, MR_SEAM);
    }

    public Measurement mrSignerSeam() {
        return Measurement.slice(raw, MR_SIGNER_SEAM);
    }

    public byte[] seamAttributes() {
        return Arrays.copyOfRange(raw, SEAM_ATTRIBUTES, SEAM_ATTRIBUTES + 8);
    }

    /** The 64-bit TD attributes (little-endian in the report). */
    public long tdAttributes() {
        return le64(TD_ATTRIBUTES);
    }

    /** True when the TD runs in debug mode: its secrets are open to the host, so its measurements prove nothing. */
    public boolean isDebug() {
        return (tdAttributes() & DEBUG_BIT) != 0;
    }

    public long xfam() {
        return le64(XFAM);
    }

    public Measurement mrTd() {
        return Measurement.slice(raw, MR_TD);
    }

    public Measurement mrConfigId() {
        return Measurement.slice(raw, MR_CONFIG_ID);
    }

    public Measurement mrOwner() {
        return Measurement.slice(raw, MR_OWNER);
    }

    public Measurement mrOwnerConfig() {
        return Measurement.slice(raw, MR_OWNER_CONFIG);
    }

    /** RTMR {@code index} (0 to 3). */
    public Measurement rtmr(int index) {
        Objects.checkIndex(index, 4);
        return Measurement.slice(raw, RTMR0 + index * Measurement.LENGTH);
    }

    /** The 64 bytes of REPORTDATA the TD chose when it asked for the quote. */
    public byte[] reportData() {
        return Arrays.copyOfRange(raw, REPORT_DATA, REPORT_DATA + 64);
    }

    /** TEE_TCB_SVN2 (TDX 1.5 only). */
    public Optional<byte[]> teeTcbSvn2() {
        return isTdx15() ? Optional.of(Arrays.copyOfRange(raw, TEE_TCB_SVN2, TEE_TCB_SVN2 + 16)) : Optional.empty();
    }

    /** MRSERVICETD (TDX 1.5 only). */
    public Optional<Measurement> mrServiceTd() {
        return isTdx15() ? Optional.of(Measurement.slice(raw, MR_SERVICE_TD)) : Optional.empty();
    }

    public byte[] toBytes() {
        return raw.clone();
    }

    private long le64(int offset) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (raw[offset + i] & 0xffL);
        }
        return v;
    }

    @Override
    public String toString() {
        return "TdReport(" + (isTdx15() ? "TDX 1.5" : "TDX 1.0") + ", mrtd=" + mrTd() + ", debug=" + isDebug() + ")";
    }
}
