/**
 * JWT tickets: the {@code "jwt"} ticket validator ({@link dev.groups.tickets.jwt.Jwt}) and the ticket
 * builder for issuers. nimbus-jose-jwt (a real module, {@code com.nimbusds.jose.jwt}) verifies HMAC and
 * ECDSA signatures; BouncyCastle ({@code org.bouncycastle.provider}) is the JCA provider for ECDSA,
 * decodes compressed SEC1 points and does Ed25519; Jackson reads the JSON of headers and claims, strictly.
 * None of them appears in this module's API.
 */
module dev.groups.tickets.jwt {
    requires transitive dev.groups.api;
    requires com.nimbusds.jose.jwt;
    requires com.fasterxml.jackson.databind;
    requires org.bouncycastle.provider;
    requires static com.google.auto.service;

    exports dev.groups.tickets.jwt;

    provides dev.groups.tickets.TicketValidatorProvider with dev.groups.tickets.jwt.JwtValidatorProvider;
}
