package dev.materia.controlplane.auth;

import dev.materia.controlplane.access.AgentCaller;
import dev.materia.controlplane.access.Caller;
import dev.materia.controlplane.access.OrgScope;
import dev.materia.controlplane.access.TenantTransactions;
import dev.materia.controlplane.access.TokenKind;
import dev.materia.controlplane.access.UserCaller;
import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.audit.AuditLog;
import dev.materia.controlplane.deployments.Deployment;
import dev.materia.controlplane.deployments.Deployments;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Secret tokens: user ({@code mtu_}), agent ({@code mta_}) and run ({@code mtr_}). A token is shown
 * once, when created; the database keeps its SHA-256, expiry, last use and revocation, and every
 * request re-reads the row, so revocation takes effect at once.
 */
@Singleton
public final class Tokens {
  public static final int DEFAULT_USER_TOKEN_DAYS = 90;
  public static final int MAX_TOKEN_DAYS = 366;
  private static final Set<String> USER_SCOPES = Set.of(UserCaller.READ, UserCaller.WRITE);
  private static final String AGENT_SCOPE = "agent";
  private static final String RUN_SCOPE = "run";

  private final TokenRepository repository;
  private final PresentedToken presented;
  private final TenantTransactions transactions;
  private final Deployments deployments;
  private final AuditLog audit;
  private final SecureRandom random = new SecureRandom();

  Tokens(
      TokenRepository repository,
      PresentedToken presented,
      TenantTransactions transactions,
      Deployments deployments,
      AuditLog audit) {
    this.repository = repository;
    this.presented = presented;
    this.transactions = transactions;
    this.deployments = deployments;
    this.audit = audit;
  }

  /** A token just created: the secret (shown this once) and how lists will show it. */
  public record Created(String token, TokenView view) {}

  /**
   * Creates a user token for the caller in {@code scope}'s organization.
   *
   * @param expiresInDays 1 to 366; null means {@value #DEFAULT_USER_TOKEN_DAYS}
   * @param scopes {@code api:read} and/or {@code api:write}; null means both
   */
  public Created createUserToken(
      OrgScope scope, String name, @Nullable Integer expiresInDays, @Nullable List<String> scopes) {
    UUID userId = Objects.requireNonNull(scope.userId(), "user tokens need a person");
    String checkedName = requireName(name);
    int days = expiresInDays == null ? DEFAULT_USER_TOKEN_DAYS : requireDays(expiresInDays);
    Set<String> checkedScopes = requireUserScopes(scopes);
    String token = TokenFormat.generate(TokenKind.USER, random);
    Instant now = now();
    TokenRow row =
        insert(
            now,
            scope.orgId(),
            TokenKind.USER,
            checkedName,
            token,
            userId,
            userId,
            String.join(" ", checkedScopes),
            null,
            now.plus(Duration.ofDays(days)));
    audit.record(
        scope.orgId(),
        scope.actor(),
        "token.create",
        row.id().toString(),
        Map.of("kind", "user", "name", checkedName, "scopes", List.copyOf(checkedScopes)));
    return new Created(token, view(row, List.of()));
  }

  /**
   * Creates an agent token for {@code deploymentNames}, all of which must exist; an agent token may
   * do nothing outside them.
   *
   * @param expiresInDays 1 to 366, or null for a token that lives until revoked
   */
  public Created createAgentToken(
      OrgScope scope,
      String name,
      @Nullable List<String> deploymentNames,
      @Nullable Integer expiresInDays) {
    String checkedName = requireName(name);
    if (deploymentNames == null || deploymentNames.isEmpty()) {
      throw ApiException.invalid(
          "deployments",
          "deployments is required: name at least one, such as [\"prod\"]; an agent token may"
              + " act only on the deployments it names");
    }
    List<Deployment> granted = deployments.requireAll(scope, deploymentNames, "deployments");
    Instant now = now();
    Instant expiresAt =
        expiresInDays == null ? null : now.plus(Duration.ofDays(requireDays(expiresInDays)));
    String token = TokenFormat.generate(TokenKind.AGENT, random);
    TokenRow row =
        insert(
            now,
            scope.orgId(),
            TokenKind.AGENT,
            checkedName,
            token,
            null,
            scope.userId(),
            AGENT_SCOPE,
            null,
            expiresAt);
    for (Deployment deployment : granted) {
      repository.grantDeployment(scope.orgId(), row.id(), deployment.id());
    }
    List<String> names = granted.stream().map(Deployment::name).sorted().toList();
    audit.record(
        scope.orgId(),
        scope.actor(),
        "token.create",
        row.id().toString(),
        Map.of("kind", "agent", "name", checkedName, "deployments", names));
    return new Created(token, view(row, names));
  }

  /**
   * Issues the token a run worker uses for one run; it expires after {@code ttl}. Call inside the
   * organization's tenant transaction that launches the run.
   */
  public String issueRunToken(UUID orgId, UUID deploymentId, UUID runId, Duration ttl) {
    Objects.requireNonNull(runId, "runId == null");
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofDays(7)) > 0) {
      throw new IllegalArgumentException("a run token lives between 1 s and 7 days, not " + ttl);
    }
    String token = TokenFormat.generate(TokenKind.RUN, random);
    Instant now = now();
    TokenRow row =
        insert(
            now,
            orgId,
            TokenKind.RUN,
            "run " + runId,
            token,
            null,
            null,
            RUN_SCOPE,
            runId,
            now.plus(ttl));
    repository.grantDeployment(orgId, row.id(), deploymentId);
    return token;
  }

  /** Live tokens of {@code kind}; with {@code onlyOwn}, just the caller's. */
  public List<TokenView> list(OrgScope scope, TokenKind kind, boolean onlyOwn) {
    List<TokenRow> rows =
        onlyOwn
            ? repository.findByOrgIdAndKindAndUserIdAndRevokedAtIsNullOrderByCreatedAt(
                scope.orgId(), kind.wireName(), scope.userId())
            : repository.findByOrgIdAndKindAndRevokedAtIsNullOrderByCreatedAt(
                scope.orgId(), kind.wireName());
    return rows.stream()
        .map(
            row ->
                view(
                    row,
                    kind == TokenKind.AGENT
                        ? repository.deploymentNames(row.id(), scope.orgId())
                        : List.of()))
        .toList();
  }

  /**
   * Revokes a token at once. With {@code onlyOwn}, another member's token is 403; unknown and
   * already revoked tokens are 404.
   */
  public void revoke(OrgScope scope, TokenKind kind, String id, boolean onlyOwn) {
    UUID tokenId = parseId(id);
    TokenRow row =
        repository
            .findByIdAndOrgIdAndKind(tokenId, scope.orgId(), kind.wireName())
            .filter(r -> r.revokedAt() == null)
            .orElseThrow(
                () -> ApiException.notFound("no live " + kind.wireName() + " token " + id));
    if (onlyOwn && !Objects.equals(row.userId(), scope.userId())) {
      throw ApiException.forbidden(
          "role_required", "revoking another member's token needs the admin role");
    }
    repository.revoke(row.id(), scope.orgId());
    audit.record(
        scope.orgId(),
        scope.actor(),
        "token.revoke",
        row.id().toString(),
        Map.of("kind", kind.wireName(), "name", row.name()));
  }

  /**
   * The caller a presented token stands for: 401 when it is malformed, unknown, revoked or expired.
   * Runs its own transaction, which sees only the row the token's hash names.
   */
  Caller authenticate(String token, String ip) {
    TokenKind kind =
        TokenFormat.parse(token)
            .filter(k -> k != TokenKind.INVITATION)
            .orElseThrow(
                () ->
                    ApiException.unauthenticated(
                        "invalid_token",
                        "the bearer token is malformed: expected mtu_, mta_ or mtr_ and 36 more"
                            + " letters and digits with a valid checksum; copy it again"));
    PresentedToken.Found row =
        presented
            .find(TokenFormat.sha256(token))
            .filter(r -> TokenKind.fromStored(r.kind()) == kind)
            .orElseThrow(
                () ->
                    ApiException.unauthenticated(
                        "invalid_token", "the bearer token is not known to this server"));
    if (row.revokedAt() != null) {
      throw ApiException.unauthenticated("token_revoked", "the bearer token was revoked");
    }
    if (row.expiresAt() != null && !row.expiresAt().isAfter(Instant.now())) {
      throw ApiException.unauthenticated(
          "token_expired", "the bearer token expired at " + row.expiresAt());
    }
    return switch (kind) {
      case USER ->
          new UserCaller(
              row.userId(),
              null,
              row.id(),
              row.orgId(),
              Set.copyOf(Arrays.asList(row.scopes().split(" "))),
              ip);
      case AGENT, RUN ->
          new AgentCaller(row.orgId(), row.id(), kind, row.deploymentIds(), row.runId(), ip);
      case INVITATION -> throw new IllegalStateException("filtered above");
    };
  }

  private TokenRow insert(
      Instant now,
      UUID orgId,
      TokenKind kind,
      String name,
      String token,
      @Nullable UUID userId,
      @Nullable UUID createdBy,
      String scopes,
      @Nullable UUID runId,
      @Nullable Instant expiresAt) {
    return repository.save(
        new TokenRow(
            UUID.randomUUID(),
            orgId,
            kind.wireName(),
            name,
            TokenFormat.sha256(token),
            TokenFormat.displayPrefix(token),
            userId,
            createdBy,
            scopes,
            runId,
            now,
            expiresAt,
            null,
            null));
  }

  private static TokenView view(TokenRow row, List<String> deploymentNames) {
    return new TokenView(
        row.id(),
        TokenKind.fromStored(row.kind()),
        row.name(),
        row.displayPrefix(),
        List.of(row.scopes().split(" ")),
        row.userId(),
        deploymentNames,
        row.createdAt(),
        row.expiresAt(),
        row.lastUsedAt());
  }

  private static String requireName(String name) {
    if (name == null || name.isBlank()) {
      throw ApiException.invalid("name", "name is required, such as \"ci-deploy\"");
    }
    String trimmed = name.trim();
    if (trimmed.length() > 100) {
      throw ApiException.invalid("name", "name is longer than 100 characters");
    }
    return trimmed;
  }

  private static int requireDays(int days) {
    if (days < 1 || days > MAX_TOKEN_DAYS) {
      throw ApiException.invalid(
          "expiresInDays", "expiresInDays must be 1 to " + MAX_TOKEN_DAYS + ", not " + days);
    }
    return days;
  }

  private static Set<String> requireUserScopes(@Nullable List<String> scopes) {
    if (scopes == null) {
      return new LinkedHashSet<>(List.of(UserCaller.READ, UserCaller.WRITE));
    }
    if (scopes.isEmpty()) {
      throw ApiException.invalid("scopes", "scopes must name api:read, api:write or both");
    }
    Set<String> checked = new LinkedHashSet<>();
    for (String scope : scopes) {
      if (!USER_SCOPES.contains(scope)) {
        throw ApiException.invalid(
            "scopes", "scope '" + scope + "' is unknown: use api:read, api:write or both");
      }
      checked.add(scope);
    }
    // Writing without reading is not a useful token; write implies read.
    if (checked.contains(UserCaller.WRITE)) {
      checked.add(UserCaller.READ);
    }
    return checked;
  }

  static UUID parseId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("no token " + id);
    }
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
