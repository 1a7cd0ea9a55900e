package dev.materia.controlplane.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.inject.Singleton;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

/** Signs and checks the session cookie's JWT (HS256): user, session id, expiry. Nothing else. */
@Singleton
final class SessionJwt {
  private static final String ISSUER = "materia";
  private final MACSigner signer;
  private final MACVerifier verifier;

  SessionJwt(SessionSettings settings) {
    try {
      byte[] secret = settings.secret();
      this.signer = new MACSigner(secret);
      this.verifier = new MACVerifier(secret);
    } catch (JOSEException e) {
      throw new IllegalStateException("the session secret is unusable for HS256", e);
    }
  }

  /** What a valid session JWT says. */
  record Claims(UUID userId, UUID sessionId, Instant expiresAt) {}

  String issue(UUID userId, UUID sessionId, Instant issuedAt, Instant expiresAt) {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject(userId.toString())
            .claim("sid", sessionId.toString())
            .issueTime(Date.from(issuedAt))
            .expirationTime(Date.from(expiresAt))
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("could not sign a session JWT", e);
    }
    return jwt.serialize();
  }

  /**
   * The claims of a JWT this server signed, whatever its expiry; empty for anything else. The
   * caller decides what an expired one means.
   */
  Optional<Claims> read(String token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      // Only our own algorithm: never "none", never a key the sender chose.
      if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
        return Optional.empty();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Object sid = claims.getClaim("sid");
      if (!ISSUER.equals(claims.getIssuer())
          || claims.getSubject() == null
          || !(sid instanceof String sessionId)
          || claims.getExpirationTime() == null) {
        return Optional.empty();
      }
      return Optional.of(
          new Claims(
              UUID.fromString(claims.getSubject()),
              UUID.fromString(sessionId),
              claims.getExpirationTime().toInstant()));
    } catch (ParseException | JOSEException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
