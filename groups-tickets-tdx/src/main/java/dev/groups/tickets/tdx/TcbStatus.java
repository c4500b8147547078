package dev.groups.tickets.tdx;

import java.util.Optional;

/**
 * The TCB status of a platform, as Intel's quote verification library reports it after combining the
 * TCB level of the platform, the TDX module and the Quoting Enclave. A {@link TdxPolicy} lists the
 * statuses it accepts; {@link #REVOKED} can never be accepted.
 */
public enum TcbStatus {
    UP_TO_DATE("UpToDate"),
    SW_HARDENING_NEEDED("SWHardeningNeeded"),
    CONFIGURATION_NEEDED("ConfigurationNeeded"),
    CONFIGURATION_AND_SW_HARDENING_NEEDED("ConfigurationAndSWHardeningNeeded"),
    OUT_OF_DATE("OutOfDate"),
    OUT_OF_DATE_CONFIGURATION_NEEDED("OutOfDateConfigurationNeeded"),
    TD_RELAUNCH_ADVISED("TDRelaunchAdvised"),
    TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED("TDRelaunchAdvisedConfigurationNeeded"),
    REVOKED("Revoked");

    private final String intelName;

    TcbStatus(String intelName) {
        this.intelName = intelName;
    }

    /** The name Intel's collateral and tools use ({@code UpToDate}, {@code OutOfDate}…): stable, used in signatures. */
    public String intelName() {
        return intelName;
    }

    /** The status for one of Intel's names (exact match), if it is one. */
    public static Optional<TcbStatus> fromIntelName(String name) {
        for (TcbStatus s : values()) {
            if (s.intelName.equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
