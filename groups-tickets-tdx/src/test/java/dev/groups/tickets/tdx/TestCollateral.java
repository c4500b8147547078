package dev.groups.tickets.tdx;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509CRL;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Signed TCB info and QE identity documents in Intel's format, made with a {@link TestPki}'s TCB signing key. */
final class TestCollateral {
    static final String ISSUED = "2030-05-01T00:00:00Z";
    static final String NEXT_UPDATE = "2030-07-01T00:00:00Z";
    static final int[] TDX_TCB = {3, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    String fmspc = "50806f000000";
    String issued = ISSUED;
    String nextUpdate = NEXT_UPDATE;
    String moduleIdentities = "";
    List<String> tcbLevels = List.of(level(TestPki.SGX_TCB, TestPki.PCE_SVN, TDX_TCB, "UpToDate"));
    List<String> qeLevels = List.of(qeLevel(4, "UpToDate"));
    String qeMrSigner = HexFormat.of().formatHex(TestQuotes.QE_MRSIGNER).toUpperCase();

    static String level(int[] sgx, int pceSvn, int[] tdx, String status) {
        return "{\"tcb\":{\"sgxtcbcomponents\":" + components(sgx) + ",\"pcesvn\":" + pceSvn
                + ",\"tdxtcbcomponents\":" + components(tdx) + "},\"tcbDate\":\"2030-01-01T00:00:00Z\",\"tcbStatus\":\""
                + status + "\",\"advisoryIDs\":[\"INTEL-SA-00000\"]}";
    }

    static String qeLevel(int isvSvn, String status) {
        return "{\"tcb\":{\"isvsvn\":" + isvSvn + "},\"tcbDate\":\"2030-01-01T00:00:00Z\",\"tcbStatus\":\"" + status + "\"}";
    }

    static int[] with(int[] base, int index, int value) {
        int[] out = base.clone();
        out[index] = value;
        return out;
    }

    String tcbInfoJson() {
        return "{\"id\":\"TDX\",\"version\":3,\"issueDate\":\"" + issued + "\",\"nextUpdate\":\"" + nextUpdate
                + "\",\"fmspc\":\"" + fmspc + "\",\"pceId\":\"0000\",\"tcbType\":0,\"tcbEvaluationDataNumber\":17,"
                + "\"tdxModule\":{\"mrsigner\":\"" + "0".repeat(96) + "\",\"attributes\":\"0000000000000000\","
                + "\"attributesMask\":\"FFFFFFFFFFFFFFFF\"}," + moduleIdentities
                + "\"tcbLevels\":[" + String.join(",", tcbLevels) + "]}";
    }

    String qeIdentityJson() {
        return "{\"id\":\"TD_QE\",\"version\":2,\"issueDate\":\"" + issued + "\",\"nextUpdate\":\"" + nextUpdate
                + "\",\"tcbEvaluationDataNumber\":17,\"miscselect\":\"00000000\",\"miscselectMask\":\"FFFFFFFF\","
                + "\"attributes\":\"11000000000000000000000000000000\",\"attributesMask\":\"FBFFFFFFFFFFFFFF0000000000000000\","
                + "\"mrsigner\":\"" + qeMrSigner + "\",\"isvprodid\":2,\"tcbLevels\":[" + String.join(",", qeLevels) + "]}";
    }

    static byte[] signed(String member, String json, KeyPair key) {
        byte[] sig = TestQuotes.sign(key.getPrivate(), json.getBytes(StandardCharsets.UTF_8));
        return ("{\"" + member + "\":" + json + ",\"signature\":\"" + HexFormat.of().formatHex(sig) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** These documents with clean, current CRLs of the PCK CA and the root: complete collateral. */
    TdxCollateral build(TestPki pki) {
        return build(pki, List.of(pki.crl(pki.ca, pki.caKey), pki.crl(pki.root, pki.rootKey)));
    }

    /** These documents with exactly {@code crls}. */
    TdxCollateral build(TestPki pki, List<X509CRL> crls) {
        TdxCollateral.Builder b = TdxCollateral.builder()
                .tcbInfo(signed("tcbInfo", tcbInfoJson(), pki.tcbSigningKey))
                .qeIdentity(signed("enclaveIdentity", qeIdentityJson(), pki.tcbSigningKey))
                .signingChain(TestQuotes.pem(pki.tcbSigning, pki.root));
        crls.forEach(crl -> b.crl(TestPkiQuoteTest.encoded(crl)));
        return b.build();
    }

    private static String components(int[] svns) {
        return IntStream.of(svns).mapToObj(s -> "{\"svn\":" + s + "}").collect(Collectors.joining(",", "[", "]"));
    }
}
