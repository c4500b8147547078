/**
 * An offline verifier of Intel TDX quotes and the {@code "tdx"} ticket validator. BouncyCastle's
 * provider module supplies ASN.1 (the PCK certificate's SGX extension) and fast P-256 ECDSA for the
 * quote's raw signatures; X.509 parsing and certificate paths use the JDK; Jackson reads the collateral's
 * JSON, strictly.
 */
module dev.groups.tickets.tdx {
    requires transitive dev.groups.api;
    requires org.bouncycastle.provider;
    requires com.fasterxml.jackson.databind;
    requires static com.google.auto.service;

    exports dev.groups.tickets.tdx;

    provides dev.groups.tickets.TicketValidatorProvider with dev.groups.tickets.tdx.TdxTicketValidatorProvider;
}
