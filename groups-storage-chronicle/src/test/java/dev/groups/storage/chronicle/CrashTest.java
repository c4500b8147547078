package dev.groups.storage.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.groups.storage.chronicle.internal.CrashDriver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 of a process appending with group commit (3 rounds on one log): nothing reported durable
 * is lost or damaged, nothing unwritten appears, and appending resumes. {@code bin/crash-test} runs
 * more rounds.
 */
class CrashTest {
    @TempDir
    Path dir;

    @Test
    void aKilledWriterLosesNothingItReportedDurable() throws Exception {
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        CrashDriver.Result result;
        try (PrintStream out = new PrintStream(report, true, StandardCharsets.UTF_8)) {
            result = new CrashDriver(dir, 32, 20_261_121L, out).run(3);
        }
        String log = report.toString(StandardCharsets.UTF_8) + result.summary();
        assertEquals(0, result.lost(), log);
        assertEquals(0, result.corrupt(), log);
        assertTrue(result.durable() > 32, "the children appended before being killed: " + log);
    }
}
