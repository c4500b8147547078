package dev.groups.node.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.groups.node.Main;
import org.junit.jupiter.api.Test;

/** The demo's story in one JVM (the in-process transport): every step happens and it cleans up. */
class DemoTest {
    @Test
    void theDemoElectsFailsOverCatchesUpAndEndsIdentical() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"demo", "--in-process", "--commands", "300"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text + err);
        for (String step : List.of("bond n1 <-> n2 formed", "bond n1 <-> n3 formed", "bond n2 <-> n3 formed",
                "leader elected: n", "300 commands committed in", "new leader elected: n",
                "failover: the first command sent after the kill was committed", "is back: its log was restored from disk",
                "caught up: committed index", "all 3 nodes identical: ")) {
            assertTrue(text.contains(step), "missing '" + step + "' in:\n" + text);
        }
        Matcher dir = Pattern.compile("data directories in (\\S+)").matcher(text);
        assertTrue(dir.find());
        assertFalse(Files.exists(Path.of(dir.group(1))), "the temporary directory is gone");
    }
}
