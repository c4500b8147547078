package dev.groups.id;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import org.junit.jupiter.api.Test;

class PeerIdTest {
    @Test
    void publicKeyRoundTrip() {
        NodeIdentity node = NodeIdentity.generate();
        PeerId id = node.peerId();
        assertEquals(id, PeerId.fromPublicKey(id.toPublicKey()));
        assertEquals(id, PeerId.fromHex(id.toString()));
        assertEquals(44, id.toSubjectPublicKeyInfo().length);
        assertArrayEquals(node.keyPair().getPublic().getEncoded(), id.toSubjectPublicKeyInfo());
    }

    @Test
    void signaturesVerifyOnlyForTheSignerAndMessage() {
        NodeIdentity a = NodeIdentity.generate();
        NodeIdentity b = NodeIdentity.generate();
        byte[] msg = "entry".getBytes(StandardCharsets.UTF_8);
        byte[] sig = a.sign(msg);
        assertTrue(NodeIdentity.verify(a.peerId(), msg, sig));
        assertFalse(NodeIdentity.verify(b.peerId(), msg, sig));
        assertFalse(NodeIdentity.verify(a.peerId(), "other".getBytes(StandardCharsets.UTF_8), sig));
        assertFalse(NodeIdentity.verify(a.peerId(), msg, new byte[3]), "malformed signature is false, not an exception");
    }

    @Test
    void anInvalidPublicKeyNeverVerifiesAndNeverThrows() {
        byte[] notAPoint = new byte[32];
        java.util.Arrays.fill(notAPoint, (byte) 0xff);
        PeerId bogus = PeerId.fromBytes(notAPoint);
        assertFalse(NodeIdentity.verify(bogus, new byte[] {1}, new byte[64]));
    }

    @Test
    void identityRestoresFromPkcs8() {
        NodeIdentity a = NodeIdentity.generate();
        NodeIdentity restored = NodeIdentity.fromPkcs8(a.privateKeyPkcs8());
        assertEquals(a.peerId(), restored.peerId());
        byte[] msg = {1, 2, 3};
        assertTrue(NodeIdentity.verify(a.peerId(), msg, restored.sign(msg)));
        assertThrows(IllegalArgumentException.class, () -> NodeIdentity.fromPkcs8(new byte[] {1, 2, 3}));
    }

    @Test
    void nonEd25519KeysAreRejected() throws Exception {
        var rsa = KeyPairGenerator.getInstance("EC").generateKeyPair();
        assertThrows(IllegalArgumentException.class, () -> PeerId.fromPublicKey(rsa.getPublic()));
        assertThrows(IllegalArgumentException.class, () -> NodeIdentity.of(rsa));
    }

    @Test
    void toStringNeverShowsThePrivateKey() {
        NodeIdentity a = NodeIdentity.generate();
        assertEquals("NodeIdentity(" + a.peerId() + ")", a.toString());
    }
}
