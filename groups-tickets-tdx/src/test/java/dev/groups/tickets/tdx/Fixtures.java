package dev.groups.tickets.tdx;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;

/** The real Intel evidence in {@code src/test/resources/tdx} (see the README there for its origin). */
public final class Fixtures {
    public static final Instant VALID_AT = Instant.parse("2026-01-01T00:00:00Z");
    /** Inside the validity of the sample collateral, its CRLs and the 2018–2025 TCB signing certificate. */
    public static final Instant COLLATERAL_AT = Instant.parse("2023-06-20T00:00:00Z");
    public static final String MRTD =
            "6363b8043668a3ad953278e10389574d326c6749fb78aa810ecd9336923db86f22fc00b8dcd404bc10d5e119d7215cbb";
    public static final String RTMR0 =
            "2927da70461cd63266f43230cc1849c03ef25ebe490062a801d8fcc80af42976823adf08f833c1e50b51779c6593f32a";

    private Fixtures() {}

    public static byte[] quote() {
        return read("tdx_prod_quote_SPR_E4.dat");
    }

    public static byte[] read(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/tdx/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /tdx/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture's collateral: TCB info, QE identity, Intel's TCB signing certificate, both CRLs. */
    public static TdxCollateral collateral() {
        return TdxCollateral.builder()
                .tcbInfo(read("sample_tcbInfo_response"))
                .qeIdentity(read("sample_qeIdentity_response"))
                .signingChain(read("intel_sgx_tcb_signing.pem"))
                .crl(read("pckcrl"))
                .crl(read("rootcrl.der"))
                .build();
    }
}
