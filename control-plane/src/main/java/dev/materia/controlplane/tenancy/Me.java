package dev.materia.controlplane.tenancy;

import dev.materia.controlplane.auth.Account;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The caller: their account and the organizations they belong to, with their role in each. Through
 * a user token, only the token's organization.
 */
@Serdeable
public record Me(Account user, List<Organization> organizations) {}
