package dev.groups.tickets.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

/** The compiled module-info: what module-path users get (tests themselves run on the class path). */
class ModuleDescriptorTest {
    @Test
    void exportsOnlyTheApiAndProvidesTheValidator() throws IOException, URISyntaxException {
        Path classes = Path.of(Jwt.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor d;
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            d = ModuleDescriptor.read(in);
        }
        assertEquals("dev.groups.tickets.jwt", d.name());
        assertEquals(Set.of("dev.groups.tickets.jwt"),
                d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        Set<String> requires = d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        assertTrue(requires.containsAll(Set.of("dev.groups.api", "com.nimbusds.jose.jwt", "org.bouncycastle.provider")),
                requires.toString());
        ModuleDescriptor.Provides provides = d.provides().iterator().next();
        assertEquals("dev.groups.tickets.TicketValidatorProvider", provides.service());
        assertEquals(List.of(JwtValidatorProvider.class.getName()), provides.providers());
    }

    /** Both dependencies ship a module-info (not just an Automatic-Module-Name), so the module can require them. */
    @Test
    void nimbusAndBouncyCastleAreRealNamedModules() throws IOException, URISyntaxException {
        for (Class<?> c : new Class<?>[] {JWSVerifier.class, BouncyCastleProvider.class}) {
            Path jar = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            ModuleDescriptor d = ModuleFinder.of(jar).findAll().iterator().next().descriptor();
            assertTrue(Set.of("com.nimbusds.jose.jwt", "org.bouncycastle.provider").contains(d.name()), d.name());
            assertFalse(d.isAutomatic(), d.name());
        }
    }
}
