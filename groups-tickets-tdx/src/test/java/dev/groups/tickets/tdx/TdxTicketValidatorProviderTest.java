package dev.groups.tickets.tdx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.plugin.Plugins;
import dev.groups.tickets.TicketValidatorProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TdxTicketValidatorProviderTest {
    @TempDir
    Path dir;

    private static TdxTicketValidator create(Map<String, String> settings) {
        TicketValidatorProvider provider = Plugins.select(ServiceLoader.load(TicketValidatorProvider.class),
                "ticket validator", "tdx", "groups-tickets-tdx");
        return assertInstanceOf(TdxTicketValidator.class, provider.create(settings));
    }

    @Test
    void isFoundByNameAndRefusesSettingsWithoutMeasurementCriteria() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> create(Map.of()));
        assertTrue(e.getMessage().startsWith("tdx settings need measurement criteria (mrtd, rtmr0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> create(Map.of("allow-debug", "false")));
        assertThrows(IllegalArgumentException.class, () -> create(Map.of("accept-any-measurements", "false")));
        assertEquals(TdxPolicy.builder().acceptAnyMeasurements().build().signature(),
                create(Map.of("accept-any-measurements", "true")).signature());
        assertTrue(create(Map.of("mrtd", Fixtures.MRTD)).policy().baseline().required(MeasurementCriteria.Register.MRTD).isPresent());
        assertEquals(1, create(Map.of("alternative.1.rtmr0", Fixtures.RTMR0)).policy().alternatives().size());
        e = assertThrows(IllegalArgumentException.class, () -> create(Map.of("accept-any-measurements", "yes")));
        assertTrue(e.getMessage().contains("accept-any-measurements"), e.getMessage());
    }

    @Test
    void buildsThePolicyFromSettings() throws IOException {
        Path root = dir.resolve("root.pem");
        TestPki pki = new TestPki();
        Files.write(root, TestQuotes.pem(pki.root));
        TdxPolicy policy = create(Map.of("mrtd", Fixtures.MRTD, "rtmr0", Fixtures.RTMR0, "allow-debug", "true",
                "root", root.toString(), "max-age", "PT1H", "tcb-statuses", "UpToDate, SWHardeningNeeded",
                "alternative.2.mrowner", "01".repeat(48), "alternative.10.mrowner", "02".repeat(48))).policy();
        TdxPolicy expected = TdxPolicy.builder()
                .baseline(MeasurementCriteria.builder().mrtd(Fixtures.MRTD).rtmr(0, Fixtures.RTMR0).build())
                .allowAlternative(MeasurementCriteria.builder().require(MeasurementCriteria.Register.MROWNER, "01".repeat(48)).build())
                .allowAlternative(MeasurementCriteria.builder().require(MeasurementCriteria.Register.MROWNER, "02".repeat(48)).build())
                .allowDebug(true).pinnedRoot(pki.root).maxAge(Duration.ofHours(1))
                .acceptTcbStatuses(EnumSet.of(TcbStatus.UP_TO_DATE, TcbStatus.SW_HARDENING_NEEDED)).build();
        assertEquals(expected.signature(), policy.signature());
    }

    @Test
    void readsCollateralFiles() throws IOException {
        Map<String, String> files = Map.of("tcb-info", "sample_tcbInfo_response", "qe-identity",
                "sample_qeIdentity_response", "tcb-signing-chain", "intel_sgx_tcb_signing.pem");
        Map<String, String> settings = new HashMap<>(Map.of("accept-any-measurements", "true"));
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path p = dir.resolve(e.getValue());
            Files.write(p, Fixtures.read(e.getValue()));
            settings.put(e.getKey(), p.toString());
        }
        Path pckCrl = dir.resolve("pckcrl");
        Files.write(pckCrl, Fixtures.read("pckcrl"));
        Path rootCrl = dir.resolve("rootcrl.der");
        Files.write(rootCrl, Fixtures.read("rootcrl.der"));
        settings.put("crls", pckCrl + "," + rootCrl);
        assertTrue(create(settings).toString().contains("fmspc=50806f000000"));
    }

    @Test
    void badSettingsNameTheSetting() {
        assertTrue(message(Map.of("mrdt", "00")).contains("mrdt"));
        assertTrue(message(Map.of("mrtd", "00")).contains("mrtd"));
        assertTrue(message(Map.of("allow-debug", "yes")).contains("allow-debug"));
        assertTrue(message(Map.of("max-age", "1h")).contains("max-age"));
        assertTrue(message(Map.of("tcb-statuses", "Revoked")).contains("tcb-statuses"));
        assertTrue(message(Map.of("root", dir.resolve("missing.pem").toString())).contains("root"));
        assertTrue(message(Map.of("alternative.x.mrtd", Fixtures.MRTD)).contains("alternative.x.mrtd"));
        assertTrue(message(Map.of("tcb-info", dir.resolve("missing").toString(), "accept-any-measurements", "true"))
                .contains("tcb-info"));
    }

    private static String message(Map<String, String> settings) {
        return assertThrows(IllegalArgumentException.class, () -> create(settings)).getMessage();
    }
}
