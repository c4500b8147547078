package dev.groups.transport.quic.internal;

import dev.groups.id.NodeIdentity;
import dev.groups.id.PeerId;
import java.math.BigInteger;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The TLS identity of a node: a self-signed certificate whose key <em>is</em> the node's Ed25519
 * identity key, so the TLS 1.3 handshake itself proves possession of the {@link PeerId}. Generated in
 * memory at start-up (BouncyCastle; no files, no {@code keytool}).
 *
 * <p>BoringSSL needs two non-default settings for Ed25519 on both sides (measured, see
 * quic-identity-notes): a key manager that offers the key whatever key type Netty asks for
 * ({@link #keyManager()}), and {@link #SIGNATURE_ALGORITHMS}.
 */
public final class NodeCertificate {
    /** The only TLS signature algorithm either side offers or accepts. */
    public static final String[] SIGNATURE_ALGORITHMS = {"ed25519"};
    private static final String ALIAS = "node";
    /** Validity is not what authenticates a node (the pinned key is), so it is long and not checked. */
    private static final Duration VALIDITY = Duration.ofDays(3650);

    private final PrivateKey privateKey;
    private final X509Certificate certificate;

    private NodeCertificate(PrivateKey privateKey, X509Certificate certificate) {
        this.privateKey = privateKey;
        this.certificate = certificate;
    }

    /** A fresh certificate for {@code identity}, signed by the identity key itself. */
    public static NodeCertificate generate(NodeIdentity identity) {
        X500Name name = new X500Name("CN=" + identity.peerId().toString());
        Instant now = Instant.now();
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), name,
                    identity.keyPair().getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("Ed25519").build(identity.keyPair().getPrivate())));
            return new NodeCertificate(identity.keyPair().getPrivate(), cert);
        } catch (OperatorCreationException | GeneralSecurityException | org.bouncycastle.cert.CertIOException e) {
            throw new IllegalStateException("cannot create the node's TLS certificate", e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Offers this node's one key and certificate for any key type asked. */
    public X509ExtendedKeyManager keyManager() {
        return new X509ExtendedKeyManager() {
            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return new String[] {ALIAS};
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return ALIAS;
            }

            @Override
            public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
                return ALIAS;
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return new String[] {ALIAS};
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return ALIAS;
            }

            @Override
            public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
                return ALIAS;
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return new X509Certificate[] {certificate};
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return privateKey;
            }
        };
    }

    /**
     * The identity a peer proved in the handshake: its certificate must be one Ed25519 certificate
     * signed by its own key (TLS 1.3's CertificateVerify then proves the private key).
     *
     * @throws CertificateException when the chain is not such a certificate
     */
    public static PeerId peerOf(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length != 1) {
            throw new CertificateException("expected exactly one self-signed certificate, got "
                    + (chain == null ? "none" : chain.length));
        }
        X509Certificate leaf = chain[0];
        try {
            PeerId peer = PeerId.fromPublicKey(leaf.getPublicKey());
            leaf.verify(leaf.getPublicKey());
            return peer;
        } catch (IllegalArgumentException e) {
            throw new CertificateException("the peer's key is not an Ed25519 identity key: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new CertificateException("the peer's certificate is not signed by its own key", e);
        }
    }

    /**
     * Accepts any peer whose certificate passes {@link #peerOf}; which peer was expected is checked
     * after the handshake, against the identity it proved.
     */
    public static X509ExtendedTrustManager trustManager() {
        return new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
                peerOf(chain);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
                peerOf(chain);
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
                peerOf(chain);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
                peerOf(chain);
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                peerOf(chain);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                peerOf(chain);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
    }
}
