package dev.groups.id;
/**
 * Measures what one passphrase guess costs on this machine (not a test: run it by hand, idle machine):
 * {@code java -cp groups-api/target/classes:groups-api/target/test-classes dev.groups.id.PassphraseGuessCost}.
 */
public final class PassphraseGuessCost {
    public static void main(String[] a) {
        // distinct passphrases: each one misses the in-process cache, as an attacker's guesses would
        for (int i = 0; i < 3; i++) GroupKey.fromSecret("warmup-" + i);
        int n = 20; long[] t = new long[n];
        for (int i = 0; i < n; i++) { long s = System.nanoTime(); GroupKey.fromSecret("guess-" + i); t[i] = System.nanoTime() - s; }
        java.util.Arrays.sort(t);
        System.out.printf("one passphrase guess: median %.1f ms, min %.1f ms, max %.1f ms (n=%d)%n", t[n/2]/1e6, t[0]/1e6, t[n-1]/1e6, n);
    }
}
