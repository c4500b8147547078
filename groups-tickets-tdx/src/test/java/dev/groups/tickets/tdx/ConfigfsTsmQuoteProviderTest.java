package dev.groups.tickets.tdx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigfsTsmQuoteProviderTest {
    @TempDir
    Path dir;

    @Test
    void outsideATdxGuestSaysSo() {
        Path missing = dir.resolve("tsm/report");
        ConfigfsTsmQuoteProvider provider = new ConfigfsTsmQuoteProvider(missing);
        assertFalse(provider.available());
        QuoteUnavailableException e = assertThrows(QuoteUnavailableException.class, () -> provider.quote(new byte[64]));
        assertEquals("not inside a TDX guest: " + missing + " is missing", e.getMessage());
    }

    @Test
    void aDirectoryThatIsNotConfigfsFailsAndIsCleanedUp() throws IOException {
        // A plain directory gets no provider attribute when a report directory is made in it.
        ConfigfsTsmQuoteProvider provider = new ConfigfsTsmQuoteProvider(dir);
        assertThrows(IOException.class, () -> provider.quote(new byte[64]));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void reportDataMustBe64Bytes() {
        assertThrows(IllegalArgumentException.class, () -> new ConfigfsTsmQuoteProvider(dir).quote(new byte[32]));
    }
}
