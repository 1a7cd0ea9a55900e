-- A presented bearer token, checked in one statement (Tokens.authenticate). Every agent call (each
-- event batch, heartbeat and poll) presents one; as separate statements the check took five round
-- trips (credential, token row, organization, deployments, commit) before the request's own work.
--
-- Not SECURITY DEFINER: it runs as the caller, so row-level security decides exactly as before.
-- The token row is readable through holder_can_read only because the credential setting names its
-- hash; the deployments and the last-use write need the organization setting, which the function
-- sets from the row it found. Both settings are local to the statement's transaction.
--
-- No row: no such token (or not this caller's to see). The caller checks kind, revocation and
-- expiry, so each refusal keeps its own message. Last use is written at most once a minute, and
-- only for a token that still works.
create function materia_bearer(presented bytea)
    returns table (
        id             uuid,
        org_id         uuid,
        kind           text,
        user_id        uuid,
        scopes         text,
        run_id         uuid,
        expires_at     timestamptz,
        revoked_at     timestamptz,
        deployment_ids uuid[]
    )
    language plpgsql volatile
as $$
#variable_conflict use_column
declare
    token api_tokens%rowtype;
begin
    perform set_config('materia.token_hash', encode(presented, 'hex'), true);
    select * into token from api_tokens a where a.token_hash = presented;
    if not found then
        return;
    end if;
    perform set_config('materia.org_id', token.org_id::text, true);
    perform set_config('materia.user_id', coalesce(token.user_id::text, ''), true);
    if token.revoked_at is null
        and (token.expires_at is null or token.expires_at > now())
        and (token.last_used_at is null or token.last_used_at < now() - interval '1 minute') then
        update api_tokens a set last_used_at = now() where a.id = token.id;
    end if;
    return query select token.id, token.org_id, token.kind, token.user_id, token.scopes,
        token.run_id, token.expires_at, token.revoked_at,
        array(select d.deployment_id from token_deployments d where d.token_id = token.id);
end
$$;
