package dev.groups.node.internal.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** {@code --version}: this build's version (filtered into a resource by Maven) and the running JVM. */
public final class Version implements CommandLine.IVersionProvider {
    private static final String RESOURCE = "/dev/groups/node/version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {"groups " + version(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ", " + System.getProperty("os.name")
                        + " " + System.getProperty("os.arch") + ")"};
    }

    /** The project version, or {@code unknown} when the classes were not built by Maven. */
    public static String version() {
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
