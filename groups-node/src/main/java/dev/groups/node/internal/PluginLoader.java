package dev.groups.node.internal;

import dev.groups.node.ConfigException;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The class loader plugins are found in: the node's own class path plus every jar in
 * {@code DIR/plugins} and {@code ./plugins}. Plugins are then found with
 * {@code ServiceLoader.load(Provider.class, loader)}: the jars' {@code META-INF/services} entries, no
 * scanning.
 */
public final class PluginLoader {
    private PluginLoader() {}

    /** The jars found, in a stable order (directory order, then name). */
    public static List<Path> jars(List<Path> directories) {
        Set<Path> jars = new LinkedHashSet<>();
        for (Path dir : directories) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Path> here = new ArrayList<>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.jar")) {
                s.forEach(p -> here.add(p.toAbsolutePath().normalize()));
            } catch (IOException e) {
                throw new ConfigException("cannot list plugins in " + dir + ": " + KeyFiles.describe(e));
            }
            here.sort(null);
            jars.addAll(here);
        }
        return new ArrayList<>(jars);
    }

    /** A loader over {@code jars} whose parent is this class's loader; that loader itself when there are none. */
    public static ClassLoader loader(List<Path> jars) {
        ClassLoader parent = PluginLoader.class.getClassLoader();
        if (jars.isEmpty()) {
            return parent;
        }
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new ConfigException("bad plugin path " + jars.get(i));
            }
        }
        return new URLClassLoader("groups-plugins", urls, parent);
    }
}
