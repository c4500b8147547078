package dev.groups.tickets.tdx.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Intel's TDX TCB info (PCS API v4, {@code "tcbInfo"} version 3, id {@code "TDX"}): the TCB levels of
 * one platform family (FMSPC) and the expected TDX module signer. Parsed strictly; byte arrays are
 * never handed out, so the record stays immutable in practice.
 */
public record TcbInfo(String id, int version, Instant issueDate, Instant nextUpdate, byte[] fmspc, byte[] pceId,
                      ModuleIdentity tdxModule, List<ModuleIdentity> tdxModuleIdentities, List<TcbLevel> tcbLevels) {

    /** The TDX module's expected signer and attributes, with TCB levels when versioned ({@code TDX_01}…). */
    public record ModuleIdentity(String id, byte[] mrSigner, byte[] attributes, byte[] attributesMask,
                                 List<ModuleTcbLevel> tcbLevels) {}

    public record ModuleTcbLevel(int isvSvn, String status) {}

    /** One TCB level: SGX component SVNs, PCESVN and TDX component SVNs, with Intel's status for it. */
    public record TcbLevel(int[] sgxComponents, int pceSvn, int[] tdxComponents, String status,
                           List<String> advisoryIds) {}

    public static TcbInfo parse(JsonFields info) {
        String id = info.string("id");
        int version = (int) info.integer("version", 0, Integer.MAX_VALUE);
        if (!"TDX".equals(id) || version < 3) {
            throw new IllegalArgumentException("TCB info is id " + id + " version " + version
                    + "; a TDX TCB info of version 3 or later is needed");
        }
        ModuleIdentity module = module(info.object("tdxModule"), "");
        List<ModuleIdentity> identities = new ArrayList<>();
        if (info.has("tdxModuleIdentities")) {
            for (Object o : info.array("tdxModuleIdentities")) {
                JsonFields m = JsonFields.of(o, info.path() + ".tdxModuleIdentities[]");
                identities.add(module(m, m.string("id")));
            }
        }
        List<TcbLevel> levels = new ArrayList<>();
        for (Object o : info.array("tcbLevels")) {
            levels.add(level(JsonFields.of(o, info.path() + ".tcbLevels[]")));
        }
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("TCB info has no TCB levels");
        }
        return new TcbInfo(id, version, info.instant("issueDate"), info.instant("nextUpdate"), info.hex("fmspc", 6),
                info.hex("pceId", 2), module, List.copyOf(identities), List.copyOf(levels));
    }

    /** The identity called {@code TDX_<version as 2 hex digits>}, compared case-insensitively as Intel does. */
    public Optional<ModuleIdentity> moduleIdentity(int moduleVersion) {
        String wanted = String.format("TDX_%02X", moduleVersion);
        return tdxModuleIdentities.stream().filter(m -> m.id().equalsIgnoreCase(wanted)).findFirst();
    }

    private static ModuleIdentity module(JsonFields m, String id) {
        List<ModuleTcbLevel> levels = new ArrayList<>();
        if (m.has("tcbLevels")) {
            for (Object o : m.array("tcbLevels")) {
                JsonFields level = JsonFields.of(o, m.path() + ".tcbLevels[]");
                levels.add(new ModuleTcbLevel((int) level.object("tcb").integer("isvsvn", 0, 255),
                        level.string("tcbStatus")));
            }
        }
        return new ModuleIdentity(id, m.hex("mrsigner", 48), m.hex("attributes", 8), m.hex("attributesMask", 8),
                List.copyOf(levels));
    }

    private static TcbLevel level(JsonFields level) {
        JsonFields tcb = level.object("tcb");
        List<String> advisories = new ArrayList<>();
        if (level.has("advisoryIDs")) {
            for (Object o : level.array("advisoryIDs")) {
                if (!(o instanceof String s)) {
                    throw new IllegalArgumentException(level.path() + ".advisoryIDs holds a non-string");
                }
                advisories.add(s);
            }
        }
        return new TcbLevel(components(tcb, "sgxtcbcomponents"), (int) tcb.integer("pcesvn", 0, 0xffff),
                components(tcb, "tdxtcbcomponents"), level.string("tcbStatus"), List.copyOf(advisories));
    }

    private static int[] components(JsonFields tcb, String key) {
        List<Object> list = tcb.array(key);
        if (list.size() != 16) {
            throw new IllegalArgumentException(tcb.path() + "." + key + " has " + list.size() + " components, expected 16");
        }
        int[] svns = new int[16];
        for (int i = 0; i < 16; i++) {
            svns[i] = (int) JsonFields.of(list.get(i), tcb.path() + "." + key + "[" + i + "]").integer("svn", 0, 255);
        }
        return svns;
    }
}
