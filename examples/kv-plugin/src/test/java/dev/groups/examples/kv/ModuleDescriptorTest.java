package dev.groups.examples.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Both registrations a plugin needs: {@code provides} in module-info for the module path, and the
 * {@code META-INF/services} file that {@code @AutoService} generates for the class path. (The tests run
 * on the class path, so they check the compiled descriptor instead of loading through it.)
 */
class ModuleDescriptorTest {
    private static Path classes() throws URISyntaxException {
        return Path.of(KvProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void theModuleExportsTheApiAndProvidesTheMachine() throws IOException, URISyntaxException {
        ModuleDescriptor d;
        try (InputStream in = Files.newInputStream(classes().resolve("module-info.class"))) {
            d = ModuleDescriptor.read(in);
        }
        assertEquals("dev.groups.examples.kv", d.name());
        assertEquals(Set.of("dev.groups.examples.kv"),
                d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertTrue(d.requires().stream().anyMatch(r -> r.name().equals("dev.groups.api")));
        ModuleDescriptor.Provides provides = d.provides().iterator().next();
        assertEquals("dev.groups.machine.StateMachineProvider", provides.service());
        assertEquals(List.of(KvProvider.class.getName()), provides.providers());
    }

    @Test
    void autoServiceRegisteredTheProviderForTheClassPath() throws IOException, URISyntaxException {
        Path services = classes().resolve("META-INF/services/dev.groups.machine.StateMachineProvider");
        assertEquals(List.of(KvProvider.class.getName()), Files.readAllLines(services, StandardCharsets.UTF_8));
    }
}
