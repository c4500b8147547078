package dev.groups.tickets.tdx.internal;

/** The 48-byte quote header (versions 4 and 5 share it). */
public record QuoteHeader(int version, int attestationKeyType, long teeType, int qeSvn, int pceSvn,
                          byte[] qeVendorId) {
    public static final int LENGTH = 48;
    public static final int ATTESTATION_KEY_ECDSA_P256 = 2;
    public static final long TEE_TYPE_TDX = 0x81;
    public static final long TEE_TYPE_SGX = 0x00;
    /** Intel's Quoting Enclave vendor id, 939A7233-F79C-4CA9-940A-0DB3957F0607. */
    static final byte[] INTEL_QE_VENDOR_ID = {
        (byte) 0x93, (byte) 0x9a, 0x72, 0x33, (byte) 0xf7, (byte) 0x9c, 0x4c, (byte) 0xa9,
        (byte) 0x94, 0x0a, 0x0d, (byte) 0xb3, (byte) 0x95, 0x7f, 0x06, 0x07};

    public QuoteHeader {
        qeVendorId = qeVendorId.clone();
    }

    @Override
    public byte[] qeVendorId() {
        return qeVendorId.clone();
    }
}
