package dev.groups.tickets.tdx;

import dev.groups.tickets.tdx.internal.Pem;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tdx-verify}: verifies a raw TDX quote file offline (with the given root, debug permission and
 * collateral) and prints its measurements. It judges whether the quote is genuine, not what the TD runs: its
 * policy accepts any measurements, so that an operator can read them off here and pin them in a real policy. The last line printed is {@code valid: …} (exit 0) or
 * {@code invalid: <reason>} (exit 1); bad arguments print one line to stderr and exit 2.
 */
public final class TdxVerifyCommand {
    static final String USAGE = "usage: tdx-verify QUOTE_FILE [--at ISO-8601-time] [--allow-debug] [--root PEM]"
            + " [--tcb-info FILE --qe-identity FILE [--tcb-signing-chain PEM]] [--crl FILE]... [--accept-tcb STATUS,...]";

    private TdxVerifyCommand() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("tdx-verify: " + e.getMessage() + " (" + USAGE + ")");
            return 2;
        }
        byte[] quote;
        TdxQuoteVerifier verifier;
        try {
            quote = Files.readAllBytes(options.quoteFile);
            verifier = new TdxQuoteVerifier(options.policy.build(), options.collateral.build());
        } catch (IOException e) {
            err.println("tdx-verify: cannot read " + options.quoteFile + ": " + TdxTicketValidatorProvider.describe(e));
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("tdx-verify: " + e.getMessage());
            return 2;
        }
        out.println("quote: " + options.quoteFile + " (" + quote.length + " bytes), verifying at " + options.at);
        QuoteVerdict verdict = verifier.verify(quote, options.at);
        if (verdict instanceof VerifiedQuote v) {
            out.println("fmspc=" + v.fmspc() + " tcb=" + v.tcbStatus().map(TcbStatus::intelName).orElse("not evaluated")
                    + (v.advisoryIds().isEmpty() ? "" : " advisories=" + String.join(",", v.advisoryIds()))
                    + " verification holds from " + v.validFrom() + " to " + v.validUntil());
            out.println("valid: version=" + v.version() + " tee=" + v.teeType() + " mrtd=" + v.report().mrTd()
                    + " rtmr0=" + v.report().rtmr(0) + " debug=" + v.report().isDebug());
            return 0;
        }
        out.println("invalid: " + ((RejectedQuote) verdict).reason());
        return 1;
    }

    /** Parsed command line. */
    private static final class Options {
        Path quoteFile;
        Instant at = Instant.now();
        // a diagnostic that reports measurements, not a gate: see the class comment
        final TdxPolicy.Builder policy = TdxPolicy.builder().acceptAnyMeasurements();
        final TdxCollateral.Builder collateral = TdxCollateral.builder();

        static Options parse(String[] args) {
            Options o = new Options();
            List<String> positional = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--at" -> o.at = instant(value(args, ++i, arg));
                    case "--allow-debug" -> o.policy.allowDebug(true);
                    case "--root" -> o.policy.pinnedRoot(
                            Pem.certificates(file(value(args, ++i, arg), arg)).get(0));
                    case "--tcb-info" -> o.collateral.tcbInfo(file(value(args, ++i, arg), arg));
                    case "--qe-identity" -> o.collateral.qeIdentity(file(value(args, ++i, arg), arg));
                    case "--tcb-signing-chain" -> o.collateral.signingChain(file(value(args, ++i, arg), arg));
                    case "--crl" -> o.collateral.crl(file(value(args, ++i, arg), arg));
                    case "--accept-tcb" -> o.policy.acceptTcbStatuses(
                            TdxTicketValidatorProvider.statuses(value(args, ++i, arg)));
                    default -> {
                        if (arg.startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + arg);
                        }
                        positional.add(arg);
                    }
                }
            }
            if (positional.size() != 1) {
                throw new IllegalArgumentException(positional.isEmpty() ? "missing QUOTE_FILE" : "one QUOTE_FILE expected");
            }
            o.quoteFile = Path.of(positional.get(0));
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static Instant instant(String s) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--at needs an ISO-8601 instant like 2026-01-01T00:00:00Z, got " + s);
            }
        }

        private static byte[] file(String path, String option) {
            return TdxTicketValidatorProvider.read(path, option);
        }
    }
}
