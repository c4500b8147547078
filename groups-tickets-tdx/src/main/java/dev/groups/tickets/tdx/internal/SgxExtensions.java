package dev.groups.tickets.tdx.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * The Intel SGX extension of a PCK certificate (OID 1.2.840.113741.1.13.1): the platform's TCB at
 * certification time (16 SGX TCB component SVNs, PCESVN), its FMSPC and PCE id. These select the TCB
 * level in Intel's TCB info.
 */
public record SgxExtensions(byte[] fmspc, byte[] pceId, int[] sgxTcbComponents, int pceSvn) {
    public static final String OID = "1.2.840.113741.1.13.1";
    private static final String TCB = OID + ".2";
    private static final String PCE_ID = OID + ".3";
    private static final String FMSPC = OID + ".4";
    private static final String PCE_SVN = TCB + ".17";

    public SgxExtensions {
        fmspc = fmspc.clone();
        pceId = pceId.clone();
        sgxTcbComponents = sgxTcbComponents.clone();
    }

    @Override
    public byte[] fmspc() {
        return fmspc.clone();
    }

    @Override
    public byte[] pceId() {
        return pceId.clone();
    }

    @Override
    public int[] sgxTcbComponents() {
        return sgxTcbComponents.clone();
    }

    public String fmspcHex() {
        return HexFormat.of().formatHex(fmspc);
    }

    public static SgxExtensions of(X509Certificate pck) throws Rejection {
        byte[] ext = pck.getExtensionValue(OID);
        if (ext == null) {
            throw new Rejection("the PCK certificate has no SGX extension (" + OID + ")");
        }
        try {
            byte[] octets = ASN1OctetString.getInstance(ASN1Primitive.fromByteArray(ext)).getOctets();
            return parse(ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(octets)));
        } catch (IOException | RuntimeException e) {
            // BouncyCastle reports malformed ASN.1 with several runtime exception types.
            throw new Rejection("the PCK certificate's SGX extension is malformed: " + e.getMessage());
        }
    }

    private static SgxExtensions parse(ASN1Sequence seq) throws Rejection {
        byte[] fmspc = null;
        byte[] pceId = null;
        int[] components = null;
        int pceSvn = -1;
        for (ASN1Encodable element : seq) {
            ASN1Sequence pair = ASN1Sequence.getInstance(element);
            String oid = ASN1ObjectIdentifier.getInstance(pair.getObjectAt(0)).getId();
            ASN1Encodable value = pair.getObjectAt(1);
            switch (oid) {
                case FMSPC -> fmspc = octets(value, 6, "FMSPC");
                case PCE_ID -> pceId = octets(value, 2, "PCE-ID");
                case TCB -> {
                    components = new int[16];
                    Arrays.fill(components, -1);
                    for (ASN1Encodable tcbElement : ASN1Sequence.getInstance(value)) {
                        ASN1Sequence tcbPair = ASN1Sequence.getInstance(tcbElement);
                        String tcbOid = ASN1ObjectIdentifier.getInstance(tcbPair.getObjectAt(0)).getId();
                        if (tcbOid.equals(PCE_SVN)) {
                            pceSvn = integer(tcbPair.getObjectAt(1), 0xffff, "PCESVN");
                        } else if (tcbOid.startsWith(TCB + ".") && !tcbOid.equals(TCB + ".18")) {
                            int index = Integer.parseInt(tcbOid.substring(TCB.length() + 1)) - 1;
                            if (index < 0 || index >= 16) {
                                throw new Rejection("SGX extension: unknown TCB component " + tcbOid);
                            }
                            components[index] = integer(tcbPair.getObjectAt(1), 0xff, "SGX TCB component");
                        }
                    }
                }
                default -> { } // PPID, SGX type, platform instance id, configuration: not needed here.
            }
        }
        if (fmspc == null || pceId == null || components == null || pceSvn < 0) {
            throw new Rejection("the PCK certificate's SGX extension lacks the FMSPC, PCE-ID or TCB");
        }
        for (int c : components) {
            if (c < 0) {
                throw new Rejection("the PCK certificate's SGX extension lacks an SGX TCB component");
            }
        }
        return new SgxExtensions(fmspc, pceId, components, pceSvn);
    }

    private static byte[] octets(ASN1Encodable value, int length, String what) throws Rejection {
        byte[] b = ASN1OctetString.getInstance(value).getOctets();
        if (b.length != length) {
            throw new Rejection("SGX extension: " + what + " is " + b.length + " bytes, expected " + length);
        }
        return b;
    }

    private static int integer(ASN1Encodable value, int max, String what) throws Rejection {
        BigInteger v = ASN1Integer.getInstance(value).getValue();
        if (v.signum() < 0 || v.bitLength() > 31 || v.intValue() > max) {
            throw new Rejection("SGX extension: " + what + " out of range");
        }
        return v.intValue();
    }
}
