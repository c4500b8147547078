package dev.groups.tickets.tdx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TdxVerifyCommandTest {
    @TempDir
    Path dir;
    private Path quote;
    private String out;
    private String err;

    @BeforeEach
    void writeQuote() throws IOException {
        quote = dir.resolve("quote.dat");
        Files.write(quote, Fixtures.quote());
    }

    private int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int status = TdxVerifyCommand.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return status;
    }

    private String lastLine() {
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void validQuotePrintsValidLast() {
        assertEquals(0, run(quote.toString(), "--at", "2026-01-01T00:00:00Z"));
        assertEquals("valid: version=4 tee=TDX mrtd=" + Fixtures.MRTD + " rtmr0=" + Fixtures.RTMR0 + " debug=false",
                lastLine());
    }

    @Test
    void expiredChainPrintsInvalidLast() {
        assertEquals(1, run(quote.toString(), "--at", "2053-07-01T00:00:00Z"));
        assertTrue(lastLine().startsWith("invalid: PCK certificate chain: certificate 'Intel SGX PCK Certificate' is not valid at"),
                lastLine());
    }

    @Test
    void collateralOptionsAreUsed() throws IOException {
        String[] names = {"sample_tcbInfo_response", "sample_qeIdentity_response", "intel_sgx_tcb_signing.pem", "pckcrl",
            "rootcrl.der"};
        for (String name : names) {
            Files.write(dir.resolve(name), Fixtures.read(name));
        }
        assertEquals(1, run(quote.toString(), "--at", "2023-06-20T00:00:00Z", "--tcb-info", path(names[0]),
                "--qe-identity", path(names[1]), "--tcb-signing-chain", path(names[2]), "--crl", path(names[3]),
                "--crl", path(names[4])));
        assertTrue(lastLine().startsWith("invalid: TCB level not supported"), lastLine());
    }

    @Test
    void badArgumentsExitWithTwoAndOneLine() {
        for (String[] args : new String[][] {{}, {"--at"}, {quote.toString(), "--at", "yesterday"},
            {quote.toString(), "--frobnicate"}, {quote.toString(), quote.toString()},
            {dir.resolve("missing").toString()}, {quote.toString(), "--root", dir.resolve("missing").toString()},
            {quote.toString(), "--accept-tcb", "Revoked"}}) {
            assertEquals(2, run(args), String.join(" ", args));
            assertEquals("", out);
            assertEquals(1, err.strip().split("\n").length, err);
            assertTrue(err.startsWith("tdx-verify: "), err);
        }
    }

    private String path(String name) {
        return dir.resolve(name).toString();
    }
}
