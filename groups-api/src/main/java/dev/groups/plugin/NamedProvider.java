package dev.groups.plugin;

/**
 * A plugin factory found through {@link java.util.ServiceLoader} and chosen by name. Implementations
 * must have a public no-argument constructor (ServiceLoader's rule) and do no work in it.
 */
public interface NamedProvider {
    /** A short, stable, lowercase name users select the provider by (e.g. {@code "chronicle"}). */
    String name();

    /** The Maven module (artifactId) that ships this kind of provider, named in error messages. */
    default String module() {
        return getClass().getModule().isNamed() ? getClass().getModule().getName() : "";
    }
}
