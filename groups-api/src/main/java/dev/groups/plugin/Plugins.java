package dev.groups.plugin;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Picks plugins by name from a {@link ServiceLoader}: the only way the system discovers plugins (no
 * reflection, no classpath scanning).
 *
 * <p>The caller creates the {@code ServiceLoader} (so that its module's {@code uses} clause applies)
 * and names the module users should add when nothing is found, for an error a newcomer can act on.
 * Two providers with one name are a packaging mistake: the first found wins and a warning names both.
 */
public final class Plugins {
    private static final System.Logger LOG = System.getLogger(Plugins.class.getName());

    private Plugins() {}

    /**
     * The provider called {@code name}.
     *
     * @param kind       what is being looked up, for messages ("log storage", "transport")
     * @param moduleHint the artifactId to suggest when nothing is found (e.g. {@code groups-storage-chronicle})
     * @throws PluginNotFoundException naming the wanted provider, the ones available and the module to add
     */
    public static <P extends NamedProvider> P select(ServiceLoader<P> loader, String kind, String name,
                                                     String moduleHint) {
        Objects.requireNonNull(name, "name");
        Map<String, P> byName = byName(loader, kind);
        P provider = byName.get(name);
        if (provider == null) {
            throw new PluginNotFoundException(kind, name, List.copyOf(byName.keySet()), moduleHint);
        }
        return provider;
    }

    /** The provider called {@code name}, if present (duplicates warned about as in {@link #select}). */
    public static <P extends NamedProvider> Optional<P> find(ServiceLoader<P> loader, String kind, String name) {
        return Optional.ofNullable(byName(loader, kind).get(name));
    }

    /**
     * The only provider of its kind, or the one called {@code preferred} when there are several.
     *
     * @throws PluginNotFoundException when there is none, or several and none is called {@code preferred}
     */
    public static <P extends NamedProvider> P single(ServiceLoader<P> loader, String kind, String preferred,
                                                     String moduleHint) {
        Map<String, P> byName = byName(loader, kind);
        if (byName.size() == 1) {
            return byName.values().iterator().next();
        }
        P provider = byName.get(preferred);
        if (provider == null) {
            throw new PluginNotFoundException(kind, preferred, List.copyOf(byName.keySet()), moduleHint);
        }
        return provider;
    }

    /** Every provider by name, sorted; warns once per duplicated name. */
    public static <P extends NamedProvider> Map<String, P> byName(ServiceLoader<P> loader, String kind) {
        Map<String, P> byName = new TreeMap<>();
        for (P provider : loader) {
            P previous = byName.putIfAbsent(provider.name(), provider);
            if (previous != null) {
                LOG.log(Level.WARNING, "two {0} providers are called \"{1}\": {2} and {3}; using the first",
                        kind, provider.name(), previous.getClass().getName(), provider.getClass().getName());
            }
        }
        return byName;
    }
}
