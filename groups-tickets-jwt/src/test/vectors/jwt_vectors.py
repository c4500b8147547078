#!/usr/bin/env python3
"""Independent reference values for the groups-tickets-jwt tests (python3 hashlib, hmac and `cryptography`).

Run: python3 jwt_vectors.py. ECDSA signatures are randomised, so the ES256 token differs on every run; any
run's token validates. Everything else (keys, HMAC/EdDSA tokens, fingerprints, policy signatures) is fixed.
"""
import base64, json, hashlib, hmac, struct, calendar, datetime
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

def b64(b): return base64.urlsafe_b64encode(b).rstrip(b"=").decode()
NOW = calendar.timegm(datetime.datetime(2026,1,1,tzinfo=datetime.timezone.utc).timetuple())
print("NOW", NOW)
PEER = "3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29"
hdr = lambda alg: b64(json.dumps({"alg":alg,"typ":"JWT"},separators=(",",":")).encode())
claims = b64(json.dumps({"iss":"python-issuer","sub":PEER,"exp":NOW+86400,"iat":NOW},separators=(",",":")).encode())

d = int("de01776891476ee7bcd6ee9d9824d1440c7ae0c095ad71ad75d3d11a96647b85",16)
priv = ec.derive_private_key(d, ec.SECP256R1())
pub = priv.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint)
print("ES256 pub", pub.hex())
si = (hdr("ES256")+"."+claims).encode()
r,s = decode_dss_signature(priv.sign(si, ec.ECDSA(hashes.SHA256())))
print("ES256 token", si.decode()+"."+b64(r.to_bytes(32,"big")+s.to_bytes(32,"big")))

seed = bytes(range(32))
ek = ed25519.Ed25519PrivateKey.from_private_bytes(seed)
epub = ek.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
print("EdDSA pub", epub.hex())
si = (hdr("EdDSA")+"."+claims).encode()
print("EdDSA token", si.decode()+"."+b64(ek.sign(si)))

hs = bytes(range(32))
si = (hdr("HS256")+"."+claims).encode()
print("HS256 token", si.decode()+"."+b64(hmac.new(hs, si, hashlib.sha256).digest()))

# alg confusion: HS256 keyed with the ES256 public key bytes
si = (hdr("HS256")+"."+claims).encode()
print("confusion token", si.decode()+"."+b64(hmac.new(pub, si, hashlib.sha256).digest()))

H=lambda b: hashlib.sha256(b).digest()
def derive(d,x): return H(d+x)
CLASS=H(b"groups.tickets.jwt.v1")
print("CLASS", CLASS.hex())
fp_es = derive(H(b"es256"), pub); fp_hs = derive(H(b"hs256"), hs)
print("fp es256", fp_es.hex(), "fp hs256", fp_hs.hex())
def policy_sig(keys, non_expiring, issuers, audiences, subject, lifetime, age, skew, claims):
    sig = CLASS
    for alg, fp in sorted(keys):
        sig = derive(derive(sig, alg.encode()), fp)
    sig = derive(sig, b"\x01" if non_expiring else b"\x00")
    sig = derive(sig, ",".join(sorted(issuers, key=lambda s: s.encode())).encode())
    sig = derive(sig, ",".join(sorted(audiences, key=lambda s: s.encode())).encode())
    sig = derive(sig, (subject or "").encode())
    sig = derive(sig, struct.pack("<Q", lifetime)); sig = derive(sig, struct.pack("<Q", age))
    if skew:
        sig = derive(derive(sig, b"clock-skew"), struct.pack("<Q", skew))
    for k in sorted(claims, key=lambda s: s.encode()):
        sig = derive(derive(sig, k.encode()), json.dumps(claims[k], sort_keys=True, separators=(",",":")).encode())
    return sig.hex()
print("KAT minimal", policy_sig([("HS256", fp_hs)], False, [], [], None, 0, 0, 0, {}))
print("KAT full", policy_sig([("HS256", fp_hs), ("ES256", fp_es)], True, ["issuer-b","issuer-a"], ["aud"], None, 3600, 600, 0,
      {"role":"admin","level":3,"meta":{"b":1,"a":[True,None,1.5]}}))
print("KAT skew", policy_sig([("ES256", fp_es)], False, [], [], "fixed-subject", 0, 0, 5, {}))
