package dev.groups.tickets.tdx.internal;

import static dev.groups.tickets.tdx.TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED;
import static dev.groups.tickets.tdx.TcbStatus.CONFIGURATION_NEEDED;
import static dev.groups.tickets.tdx.TcbStatus.OUT_OF_DATE;
import static dev.groups.tickets.tdx.TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED;
import static dev.groups.tickets.tdx.TcbStatus.REVOKED;
import static dev.groups.tickets.tdx.TcbStatus.SW_HARDENING_NEEDED;
import static dev.groups.tickets.tdx.TcbStatus.TD_RELAUNCH_ADVISED;
import static dev.groups.tickets.tdx.TcbStatus.TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED;
import static dev.groups.tickets.tdx.TcbStatus.UP_TO_DATE;

import dev.groups.tickets.tdx.TcbStatus;
import dev.groups.tickets.tdx.TdReport;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Intel's TCB status algorithm for TDX quotes, as in Intel's SGX/TDX DCAP Quote Verification Library
 * ({@code QuoteVerifier.cpp}, {@code TcbLevelCheck.cpp}, {@code TdxModuleCheck.cpp},
 * {@code TDRelaunchCheck.cpp}; section numbers are theirs). Results Intel treats as terminal failures
 * (mismatches, "TCB not supported") are {@link Rejection}s; the rest is a {@link TcbStatus} for the policy.
 */
public final class TcbEvaluator {
    private static final Set<TcbStatus> LEVEL_STATUSES = Set.of(UP_TO_DATE, SW_HARDENING_NEEDED, CONFIGURATION_NEEDED,
            CONFIGURATION_AND_SW_HARDENING_NEEDED, OUT_OF_DATE, OUT_OF_DATE_CONFIGURATION_NEEDED, REVOKED);
    private static final Set<TcbStatus> MODULE_STATUSES = Set.of(UP_TO_DATE, OUT_OF_DATE, REVOKED);

    private TcbEvaluator() {}

    public record Result(TcbStatus status, List<String> advisoryIds) {}

    public static Result evaluate(TcbInfo info, QeIdentity qeIdentity, SgxExtensions pck, ParsedQuote quote)
            throws Rejection {
        TdReport body = quote.body();
        byte[] teeTcbSvn = body.teeTcbSvn();
        // 4.1.2.4.10
        if (!Arrays.equals(pck.fmspc(), info.fmspc()) || !Arrays.equals(pck.pceId(), info.pceId())) {
            throw new Rejection("TCB info is for FMSPC " + hex(info.fmspc()) + " / PCE-ID " + hex(info.pceId())
                    + ", the PCK certificate is FMSPC " + hex(pck.fmspc()) + " / PCE-ID " + hex(pck.pceId()));
        }
        checkModuleIdentity(info, body, teeTcbSvn[1] & 0xff);
        TcbStatus qeStatus = qeStatus(qeIdentity, quote.qeReport()); // 4.1.2.4.15
        // 4.1.2.4.17: the first level the PCK TCB meets (SGX), then the first the TD's TEE TCB also meets (TDX).
        TcbInfo.TcbLevel sgxLevel = null;
        TcbInfo.TcbLevel tdxLevel = null;
        for (TcbInfo.TcbLevel level : info.tcbLevels()) {
            if (sgxAtLeast(pck, level)) {
                sgxLevel = sgxLevel == null ? level : sgxLevel;
                if (tdxAtLeast(teeTcbSvn, level)) {
                    tdxLevel = level;
                    break;
                }
            }
        }
        if (sgxLevel == null || tdxLevel == null) {
            throw new Rejection("TCB level not supported: no level of the TCB info is met by the platform ("
                    + (sgxLevel == null ? "SGX TCB of the PCK certificate " + Arrays.toString(pck.sgxTcbComponents())
                            + ", PCESVN " + pck.pceSvn() : "TEE TCB SVN " + hex(teeTcbSvn)) + ")");
        }
        TcbStatus sgxStatus = status(sgxLevel.status(), LEVEL_STATUSES, "TCB level");
        TcbStatus moduleStatus = moduleStatus(info, teeTcbSvn);
        TcbStatus tdx = convergeWithModule(status(tdxLevel.status(), LEVEL_STATUSES, "TCB level"), moduleStatus);
        if (tdx != REVOKED && body.isTdx15()) {
            tdx = relaunch(body.teeTcbSvn2().orElseThrow(), info, sgxStatus, tdx, moduleStatus, qeStatus);
        }
        return new Result(tdx == REVOKED ? REVOKED : convergeWithQe(tdx, qeStatus), tdxLevel.advisoryIds());
    }

    /** QE identity check (4.1.2.9.5–4.1.2.9.10): UP_TO_DATE, OUT_OF_DATE or REVOKED, or a rejection. */
    static TcbStatus qeStatus(QeIdentity id, EnclaveReport qe) throws Rejection {
        if (!Arrays.equals(and(qe.miscSelect(), id.miscSelectMask()), id.miscSelect())) {
            throw new Rejection("QE identity mismatch: MISCSELECT of the QE report does not match");
        }
        if (!Arrays.equals(and(qe.attributes(), id.attributesMask()), id.attributes())) {
            throw new Rejection("QE identity mismatch: attributes of the QE report do not match");
        }
        if (!Arrays.equals(qe.mrSigner(), id.mrSigner())) {
            throw new Rejection("QE identity mismatch: the QE's MRSIGNER " + hex(qe.mrSigner()) + " is not Intel's "
                    + hex(id.mrSigner()));
        }
        if (qe.isvProdId() != id.isvProdId()) {
            throw new Rejection("QE identity mismatch: ISVPRODID " + qe.isvProdId() + ", expected " + id.isvProdId());
        }
        for (QeIdentity.Level level : id.tcbLevels()) {
            if (level.isvSvn() <= qe.isvSvn()) {
                TcbStatus s = status(level.status(), MODULE_STATUSES, "QE identity level");
                return s == UP_TO_DATE || s == REVOKED ? s : OUT_OF_DATE;
            }
        }
        throw new Rejection("QE TCB not supported: no QE identity level for ISVSVN " + qe.isvSvn());
    }

    /** 4.1.2.4.11: the SEAM module was signed by the expected signer and runs with no SEAM attributes. */
    private static void checkModuleIdentity(TcbInfo info, TdReport body, int moduleVersion) throws Rejection {
        TcbInfo.ModuleIdentity expected = info.tdxModule();
        if (moduleVersion > 0) {
            expected = info.moduleIdentity(moduleVersion).orElseThrow(() -> new Rejection(
                    "TDX module mismatch: the TCB info has no identity TDX_" + String.format("%02X", moduleVersion)));
        }
        if (!Arrays.equals(body.mrSignerSeam().toBytes(), expected.mrSigner())) {
            throw new Rejection("TDX module mismatch: MRSIGNERSEAM " + body.mrSignerSeam() + " is not "
                    + hex(expected.mrSigner()));
        }
        byte[] seam = body.seamAttributes();
        for (int i = 0; i < seam.length; i++) {
            if (seam[i] != 0 || seam[i] != expected.attributes()[i]) {
                throw new Rejection("TDX module mismatch: SEAM attributes " + hex(seam) + " are not zero or not "
                        + hex(expected.attributes()));
            }
        }
    }

    private static TcbStatus moduleStatus(TcbInfo info, byte[] teeTcbSvn) throws Rejection {
        int version = teeTcbSvn[1] & 0xff;
        if (version == 0) {
            return UP_TO_DATE;
        }
        TcbInfo.ModuleIdentity identity = info.moduleIdentity(version).orElseThrow(() -> new Rejection(
                "TDX module mismatch: no identity for module version " + version));
        for (TcbInfo.ModuleTcbLevel level : identity.tcbLevels()) {
            if ((teeTcbSvn[0] & 0xff) >= level.isvSvn()) {
                return status(level.status(), MODULE_STATUSES, "TDX module level");
            }
        }
        throw new Rejection("TDX module TCB not supported: no level for ISVSVN " + (teeTcbSvn[0] & 0xff));
    }

    private static TcbStatus convergeWithModule(TcbStatus level, TcbStatus module) {
        if (module == OUT_OF_DATE) {
            if (level == UP_TO_DATE || level == SW_HARDENING_NEEDED) {
                return OUT_OF_DATE;
            }
            if (level == CONFIGURATION_NEEDED || level == CONFIGURATION_AND_SW_HARDENING_NEEDED) {
                return OUT_OF_DATE_CONFIGURATION_NEEDED;
            }
        }
        return module == REVOKED ? REVOKED : level;
    }

    private static TcbStatus convergeWithQe(TcbStatus level, TcbStatus qe) {
        if (qe == OUT_OF_DATE) {
            if (level == UP_TO_DATE || level == SW_HARDENING_NEEDED) {
                return OUT_OF_DATE;
            }
            if (level == CONFIGURATION_NEEDED || level == CONFIGURATION_AND_SW_HARDENING_NEEDED) {
                return OUT_OF_DATE_CONFIGURATION_NEEDED;
            }
        }
        return qe == REVOKED ? REVOKED : level;
    }

    /** 4.1.2.4.17.4.3 (TDX 1.5): an out-of-date TD on an updated module is advised to relaunch. */
    private static TcbStatus relaunch(byte[] svn2, TcbInfo info, TcbStatus sgx, TcbStatus tdx, TcbStatus module,
                                      TcbStatus qe) throws Rejection {
        boolean sgxFine = sgx == UP_TO_DATE || sgx == SW_HARDENING_NEEDED || sgx == CONFIGURATION_NEEDED
                || sgx == CONFIGURATION_AND_SW_HARDENING_NEEDED;
        if (qe != UP_TO_DATE || !sgxFine || (tdx != OUT_OF_DATE && tdx != OUT_OF_DATE_CONFIGURATION_NEEDED)
                || module != OUT_OF_DATE) {
            return tdx;
        }
        TcbInfo.TcbLevel latest = info.tcbLevels().get(0);
        int latestModuleSvn;
        if ((svn2[1] & 0xff) == 0) {
            latestModuleSvn = latest.tdxComponents()[0];
        } else {
            TcbInfo.ModuleIdentity id2 = info.moduleIdentity(svn2[1] & 0xff).orElseThrow(() -> new Rejection(
                    "TDX module mismatch: no identity for TEE_TCB_SVN2 module version " + (svn2[1] & 0xff)));
            if (id2.tcbLevels().isEmpty()) {
                throw new Rejection("TDX module TCB not supported: identity " + id2.id() + " has no levels");
            }
            latestModuleSvn = id2.tcbLevels().get(0).isvSvn();
        }
        if ((svn2[0] & 0xff) >= latestModuleSvn && (svn2[2] & 0xff) >= latest.tdxComponents()[2]) {
            boolean config = isConfigurationNeeded(sgx) || isConfigurationNeeded(tdx);
            return config ? TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED : TD_RELAUNCH_ADVISED;
        }
        return tdx;
    }

    private static boolean isConfigurationNeeded(TcbStatus s) {
        return s == CONFIGURATION_NEEDED || s == OUT_OF_DATE_CONFIGURATION_NEEDED
                || s == CONFIGURATION_AND_SW_HARDENING_NEEDED || s == TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED;
    }

    private static boolean sgxAtLeast(SgxExtensions pck, TcbInfo.TcbLevel level) {
        int[] mine = pck.sgxTcbComponents();
        for (int i = 0; i < 16; i++) {
            if (mine[i] < level.sgxComponents()[i]) {
                return false;
            }
        }
        return pck.pceSvn() >= level.pceSvn();
    }

    /** Components 0 and 1 are the TDX module's ISVSVN and version: judged by module identity when versioned. */
    private static boolean tdxAtLeast(byte[] teeTcbSvn, TcbInfo.TcbLevel level) {
        for (int i = (teeTcbSvn[1] & 0xff) > 0 ? 2 : 0; i < 16; i++) {
            if ((teeTcbSvn[i] & 0xff) < level.tdxComponents()[i]) {
                return false;
            }
        }
        return true;
    }

    private static TcbStatus status(String name, Set<TcbStatus> allowed, String what) throws Rejection {
        TcbStatus s = TcbStatus.fromIntelName(name).orElse(null);
        if (s == null || !allowed.contains(s)) {
            throw new Rejection(what + " has an unrecognized TCB status \"" + name + "\"");
        }
        return s;
    }

    private static byte[] and(byte[] a, byte[] mask) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] & mask[i]);
        }
        return out;
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
