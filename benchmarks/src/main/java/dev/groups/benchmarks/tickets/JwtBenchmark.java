package dev.groups.benchmarks.tickets;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.groups.id.NetworkId;
import dev.groups.id.PeerId;
import dev.groups.tickets.Expiration;
import dev.groups.tickets.Ticket;
import dev.groups.tickets.TicketHolder;
import dev.groups.tickets.TicketVerdict;
import dev.groups.tickets.jwt.EdDsaSigningKey;
import dev.groups.tickets.jwt.Es256SigningKey;
import dev.groups.tickets.jwt.Hs256;
import dev.groups.tickets.jwt.Jwt;
import dev.groups.tickets.jwt.JwtTicketBuilder;
import dev.groups.tickets.jwt.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Security;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JWT ticket validation: what a peer's bond costs in signature checks. {@code validate*Uncached} run the
 * whole validator (parse, signature, claims) with the cache off; {@code validateEs256Cached} is a hit (SHA-256
 * of the token plus the claim checks); the {@code nimbus*} pair is nimbus' own parse-and-verify with the
 * JDK 17 SunEC provider against BouncyCastle, the comparison of the dependency notes (§3).
 * Settings suit a 2-core machine: one thread, 5 × 1 s iterations.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar JwtBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true",
        "-Dchronicle.announcer.disable=true"})
public class JwtBenchmark {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final PeerId PEER = PeerId.fromHex("3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29");
    private static final TicketHolder HOLDER = new TicketHolder(PEER, NetworkId.of("bench"));

    private final Es256SigningKey es256 = Es256SigningKey.hex("de01776891476ee7bcd6ee9d9824d1440c7ae0c095ad71ad75d3d11a96647b85");
    private final Hs256 hs256 = Hs256.random();
    private final EdDsaSigningKey eddsa = EdDsaSigningKey.random();

    private Ticket es256Ticket;
    private Ticket hs256Ticket;
    private Ticket eddsaTicket;
    private String es256Token;
    private Jwt es256Bc;
    private Jwt es256Jdk;
    private Jwt es256Cached;
    private Jwt hs256Validator;
    private Jwt eddsaValidator;
    private ECDSAVerifier nimbusJdk;
    private ECDSAVerifier nimbusBc;

    @Setup
    public void setup() throws JOSEException, GeneralSecurityException {
        es256Ticket = ticket(es256);
        hs256Ticket = ticket(hs256);
        eddsaTicket = ticket(eddsa);
        es256Token = new String(es256Ticket.data(), StandardCharsets.US_ASCII);
        es256Bc = Jwt.withKey(es256.verifyingKey()).cacheSize(0).build();
        es256Jdk = Jwt.withKey(es256.verifyingKey()).cacheSize(0).ecdsaProvider(Security.getProvider("SunEC")).build();
        es256Cached = Jwt.withKey(es256.verifyingKey()).build();
        hs256Validator = Jwt.withKey(hs256).cacheSize(0).build();
        eddsaValidator = Jwt.withKey(eddsa.verifyingKey()).cacheSize(0).build();
        // the JDK's own key object, as a plain-JDK user would have it (a BouncyCastle key would be converted per call)
        nimbusJdk = new ECDSAVerifier((ECPublicKey) KeyFactory.getInstance("EC", "SunEC").translateKey(es256.verifyingKey().publicKey()));
        nimbusBc = new ECDSAVerifier(es256.verifyingKey().publicKey());
        nimbusBc.getJCAContext().setProvider(new BouncyCastleProvider());
        for (Jwt jwt : new Jwt[] {es256Bc, es256Jdk, es256Cached}) {
            check(jwt.validate(es256Ticket, HOLDER, NOW));
        }
        check(hs256Validator.validate(hs256Ticket, HOLDER, NOW));
        check(eddsaValidator.validate(eddsaTicket, HOLDER, NOW));
    }

    private static Ticket ticket(SigningKey key) {
        return JwtTicketBuilder.with(key).issuer("bench").expiresAt(Expiration.at(NOW.plusSeconds(3600))).build(PEER, NOW);
    }

    private static void check(TicketVerdict verdict) {
        if (!verdict.isValid()) {
            throw new IllegalStateException("benchmark ticket rejected: " + verdict);
        }
    }

    @Benchmark
    public TicketVerdict validateEs256UncachedBc() {
        return es256Bc.validate(es256Ticket, HOLDER, NOW);
    }

    @Benchmark
    public TicketVerdict validateEs256UncachedJdk() {
        return es256Jdk.validate(es256Ticket, HOLDER, NOW);
    }

    @Benchmark
    public TicketVerdict validateEs256Cached() {
        return es256Cached.validate(es256Ticket, HOLDER, NOW);
    }

    @Benchmark
    public TicketVerdict validateHs256Uncached() {
        return hs256Validator.validate(hs256Ticket, HOLDER, NOW);
    }

    @Benchmark
    public TicketVerdict validateEdDsaUncached() {
        return eddsaValidator.validate(eddsaTicket, HOLDER, NOW);
    }

    @Benchmark
    public boolean nimbusEs256Jdk() throws ParseException, JOSEException {
        return SignedJWT.parse(es256Token).verify(nimbusJdk);
    }

    @Benchmark
    public boolean nimbusEs256Bc() throws ParseException, JOSEException {
        return SignedJWT.parse(es256Token).verify(nimbusBc);
    }
}
