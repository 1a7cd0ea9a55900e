package dev.materia.controlplane.tenancy;

import dev.materia.controlplane.access.OrgAccess;
import dev.materia.controlplane.access.Role;
import dev.materia.controlplane.access.TenantContext;
import dev.materia.controlplane.access.TenantTransactions;
import dev.materia.controlplane.access.UserCaller;
import dev.materia.controlplane.api.ApiError;
import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.auth.Account;
import dev.materia.controlplane.auth.Accounts;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;

/** The caller, their organizations, members and invitations. */
@ApiResponse(
    responseCode = "4XX",
    description = "Refused; the body says why in the one error shape",
    content =
        @Content(mediaType = "application/json", schema = @Schema(implementation = ApiError.class)))
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "organizations")
final class TenancyController {
  private final OrgAccess access;
  private final TenantTransactions transactions;
  private final OrganizationRepository organizations;
  private final Accounts accounts;
  private final Members members;
  private final Invitations invitations;

  TenancyController(
      OrgAccess access,
      TenantTransactions transactions,
      OrganizationRepository organizations,
      Accounts accounts,
      Members members,
      Invitations invitations) {
    this.access = access;
    this.transactions = transactions;
    this.organizations = organizations;
    this.accounts = accounts;
    this.members = members;
    this.invitations = invitations;
  }

  /** The caller's account, organizations and roles. */
  @Get("/me")
  Me me(UserCaller caller) {
    return transactions.run(
        TenantContext.user(caller.userId()),
        () -> {
          Account account =
              accounts
                  .find(caller.userId())
                  .orElseThrow(
                      () -> ApiException.unauthenticated("unauthenticated", "the account is gone"));
          List<Organization> orgs =
              organizations.findMemberships(caller.userId()).stream()
                  .filter(m -> caller.tokenOrgId() == null || caller.tokenOrgId().equals(m.orgId()))
                  .map(Organization::of)
                  .toList();
          return new Me(account, orgs);
        });
  }

  /** One organization and the caller's role in it. */
  @Get("/orgs/{org}")
  Organization organization(UserCaller caller, String org) {
    return access.inOrg(
        caller,
        org,
        Role.VIEWER,
        scope -> new Organization(scope.orgId(), scope.slug(), scope.name(), scope.role()));
  }

  /** Everyone in the organization, with their roles. */
  @Get("/orgs/{org}/members")
  List<Member> members(UserCaller caller, String org) {
    return access.inOrg(caller, org, Role.VIEWER, members::list);
  }

  /** Changes a member's role (admin; owner changes need an owner). */
  @Patch("/orgs/{org}/members/{userId}")
  Member changeRole(UserCaller caller, String org, String userId, @Body ChangeRole request) {
    return access.inOrg(
        caller, org, Role.ADMIN, scope -> members.changeRole(scope, userId, request.role()));
  }

  /** Removes a member (admin), or leaves the organization (anyone, for themselves). */
  @Delete("/orgs/{org}/members/{userId}")
  HttpResponse<Void> removeMember(UserCaller caller, String org, String userId) {
    access.inOrg(
        caller,
        org,
        Role.VIEWER,
        scope -> {
          members.remove(scope, userId);
          return null;
        });
    return HttpResponse.noContent();
  }

  /** Invites someone by email with a role (admin); the link goes to them, not in this response. */
  @Post("/orgs/{org}/invitations")
  @Status(HttpStatus.CREATED)
  Invitation invite(UserCaller caller, String org, @Body Invite request) {
    return access.inOrg(
        caller,
        org,
        Role.ADMIN,
        scope -> invitations.create(scope, request.email(), request.role()));
  }

  /** Invitations not yet accepted, revoked or expired (admin). */
  @Get("/orgs/{org}/invitations")
  List<Invitation> pendingInvitations(UserCaller caller, String org) {
    return access.inOrg(caller, org, Role.ADMIN, invitations::pending);
  }

  /** Revokes a pending invitation (admin). */
  @Delete("/orgs/{org}/invitations/{id}")
  HttpResponse<Void> revokeInvitation(UserCaller caller, String org, String id) {
    access.inOrg(
        caller,
        org,
        Role.ADMIN,
        scope -> {
          invitations.revoke(scope, id);
          return null;
        });
    return HttpResponse.noContent();
  }

  /**
   * @param role viewer, launcher, editor, admin or owner
   */
  @Serdeable
  record ChangeRole(@Nullable String role) {}

  /**
   * @param role viewer, launcher, editor, admin or owner
   */
  @Serdeable
  record Invite(@Nullable String email, @Nullable String role) {}
}
