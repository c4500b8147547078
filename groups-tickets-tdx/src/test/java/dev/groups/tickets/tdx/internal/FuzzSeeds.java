package dev.groups.tickets.tdx.internal;

import dev.groups.tickets.tdx.Fixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Seeds for fuzzing: the real v4 quote, and v5 (TDX 1.0 and 1.5 body) quotes derived from it. {@link #main}
 * writes them as the committed corpus of {@link QuoteParsingFuzzTest}; the command is in the README's
 * "Fuzzing" section.
 */
final class FuzzSeeds {
    final List<byte[]> quotes = new ArrayList<>();
    /** For each seed, the offsets of its length and type fields: where a mutation goes deepest. */
    final List<int[]> fields = new ArrayList<>();

    FuzzSeeds() throws MalformedQuoteException {
        byte[] v4 = Fixtures.quote();
        add(v4);
        add(v5(v4, 2, 0));
        add(v5(v4, 3, 64));
    }

    public static void main(String[] args) throws IOException, MalformedQuoteException {
        Path resources = Path.of(args.length > 0 ? args[0] : "src/test/resources");
        Path dir = resources.resolve("dev/groups/tickets/tdx/internal/QuoteParsingFuzzTestInputs/parse");
        Files.createDirectories(dir);
        List<byte[]> quotes = new FuzzSeeds().quotes;
        String[] names = {"v4-fixture", "v5-tdx10", "v5-tdx15"};
        for (int i = 0; i < quotes.size(); i++) {
            Files.write(dir.resolve(names[i]), quotes.get(i));
        }
    }

    private void add(byte[] quote) throws MalformedQuoteException {
        ParsedQuote q = QuoteParser.parse(quote);
        int sigLen = q.signedLength();
        int certType = sigLen + 4 + 128;
        int authLen = certType + 6 + 384 + 64;
        int innerType = authLen + 2 + q.qeAuthData().length;
        List<Integer> offsets = new ArrayList<>(List.of(0, 2, 4, sigLen, certType, certType + 2, authLen, innerType,
                innerType + 2));
        if (q.header().version() == 5) {
            offsets.addAll(List.of(48, 50));
        }
        quotes.add(quote);
        fields.add(offsets.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The v4 quote re-framed as v5: version 5, a body descriptor, and {@code extra} more body bytes. */
    private static byte[] v5(byte[] v4, int bodyType, int extra) {
        ByteBuffer out = ByteBuffer.allocate(v4.length + 6 + extra).order(ByteOrder.LITTLE_ENDIAN);
        out.put(v4, 0, 48).putShort(0, (short) 5);
        out.putShort((short) bodyType).putInt(584 + extra);
        out.put(v4, 48, 584).put(new byte[extra]).put(v4, 632, v4.length - 632);
        return out.array();
    }
}
