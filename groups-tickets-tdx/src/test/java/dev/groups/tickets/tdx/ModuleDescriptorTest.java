package dev.groups.tickets.tdx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The compiled module-info: what module-path users get (tests themselves run on the class path). */
class ModuleDescriptorTest {
    @Test
    void exportsOnlyTheApiAndProvidesTheValidator() throws IOException, URISyntaxException {
        // The module's own classes directory or jar: on the class path "/module-info.class" could be any module's.
        Path classes = Path.of(TdxPolicy.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor d;
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            d = ModuleDescriptor.read(in);
        }
        assertEquals("dev.groups.tickets.tdx", d.name());
        assertEquals(Set.of("dev.groups.tickets.tdx"),
                d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        Set<String> requires = d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        assertTrue(requires.containsAll(Set.of("dev.groups.api", "org.bouncycastle.provider")), requires.toString());
        ModuleDescriptor.Provides provides = d.provides().iterator().next();
        assertEquals("dev.groups.tickets.TicketValidatorProvider", provides.service());
        assertEquals(List.of(TdxTicketValidatorProvider.class.getName()), provides.providers());
    }
}
