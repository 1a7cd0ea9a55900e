-- Tenancy, sign-in and tokens, isolated in depth (DESIGN.md, Storage and Security model).
--
-- Isolation rules every later migration follows:
--   * a tenant table has org_id, RLS enabled and FORCED, and a policy on materia_org();
--   * the application connects as a role that is a member of materia_app: neither owner nor
--     BYPASSRLS, so RLS binds it (TenantIsolationCatalogTest checks every table);
--   * each transaction starts with set_config('materia.org_id', ?, true) (TenantTransactions).
-- A table without org_id must be listed as global in TenantIsolationCatalogTest.

do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'materia_app') then
        create role materia_app nologin;
    end if;
exception when duplicate_object then
    null; -- another database on this cluster created it a moment ago
end
$$;

-- The transaction's tenant, user and presented credential; unset means "none", which matches no row.
create function materia_org() returns uuid
    language sql stable
    as $$ select nullif(current_setting('materia.org_id', true), '')::uuid $$;

create function materia_user() returns uuid
    language sql stable
    as $$ select nullif(current_setting('materia.user_id', true), '')::uuid $$;

create function materia_token_hash() returns bytea
    language sql stable
    as $$ select decode(nullif(current_setting('materia.token_hash', true), ''), 'hex') $$;

-- Accounts are global: one person may belong to many organizations.
create table users (
    id            uuid primary key,
    email         text not null unique check (email = lower(email) and email like '%_@_%'),
    name          text not null check (length(name) between 1 and 200),
    password_hash text not null,
    created_at    timestamptz not null default now()
);

-- Server-side half of a console session: the JWT in the cookie names a row here, so revoking the
-- row ends the session at once.
create table sessions (
    id           uuid primary key,
    user_id      uuid not null references users (id) on delete cascade,
    created_at   timestamptz not null default now(),
    expires_at   timestamptz not null,
    last_seen_at timestamptz not null default now(),
    revoked_at   timestamptz,
    ip           text,
    user_agent   text
);
create index sessions_user_id on sessions (user_id);

-- Failed sign-ins in the throttle window, per account and per client address.
create table login_failures (
    id    bigserial primary key,
    email text not null,
    ip    text not null,
    at    timestamptz not null default now()
);
create index login_failures_email_at on login_failures (email, at);
create index login_failures_ip_at on login_failures (ip, at);
create index login_failures_at on login_failures (at);

create table memberships (
    org_id     uuid not null references organizations (id) on delete cascade,
    user_id    uuid not null references users (id) on delete cascade,
    role       text not null check (role in ('viewer', 'launcher', 'editor', 'admin', 'owner')),
    created_at timestamptz not null default now(),
    primary key (org_id, user_id)
);
create index memberships_user_id on memberships (user_id);

create table deployments (
    id         uuid primary key,
    org_id     uuid not null references organizations (id) on delete cascade,
    name       text not null check (name ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    created_at timestamptz not null default now(),
    unique (org_id, name),
    unique (org_id, id)
);

create table invitations (
    id          uuid primary key,
    org_id      uuid not null references organizations (id) on delete cascade,
    email       text not null check (email = lower(email)),
    role        text not null check (role in ('viewer', 'launcher', 'editor', 'admin', 'owner')),
    token_hash  bytea not null unique,
    invited_by  uuid references users (id) on delete set null,
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null,
    accepted_at timestamptz,
    accepted_by uuid references users (id) on delete set null,
    revoked_at  timestamptz
);
create index invitations_org_id on invitations (org_id);

-- mtu_ (user), mta_ (agent) and mtr_ (run) tokens. Only the SHA-256 of a token is kept.
create table api_tokens (
    id             uuid primary key,
    org_id         uuid not null references organizations (id) on delete cascade,
    kind           text not null check (kind in ('user', 'agent', 'run')),
    name           text not null check (length(name) between 1 and 100),
    token_hash     bytea not null unique check (length(token_hash) = 32),
    display_prefix text not null,
    user_id        uuid references users (id) on delete cascade,
    created_by     uuid references users (id) on delete set null,
    scopes         text not null,
    run_id         uuid,
    created_at     timestamptz not null default now(),
    expires_at     timestamptz,
    last_used_at   timestamptz,
    revoked_at     timestamptz,
    check (kind <> 'user' or user_id is not null),
    check (kind <> 'run' or (run_id is not null and expires_at is not null))
);
create index api_tokens_org_id on api_tokens (org_id, kind);

-- The deployments an agent or run token may act on; none means none (default deny).
create table token_deployments (
    org_id        uuid not null,
    token_id      uuid not null references api_tokens (id) on delete cascade,
    deployment_id uuid not null,
    primary key (token_id, deployment_id),
    foreign key (org_id, deployment_id) references deployments (org_id, id) on delete cascade
);

-- Append-only: the application role may insert and read, never change or delete.
create table audit_log (
    id             bigserial primary key,
    org_id         uuid references organizations (id) on delete cascade,
    at             timestamptz not null default now(),
    actor_user_id  uuid,
    actor_token_id uuid,
    action         text not null,
    subject        text,
    detail         jsonb not null default '{}'::jsonb,
    ip             text,
    check (org_id is not null or actor_user_id is not null)
);
create index audit_log_org_id on audit_log (org_id, id desc);
create index audit_log_actor on audit_log (actor_user_id, id desc) where org_id is null;

-- Row-level security: the second wall behind the application's own org filters.
alter table organizations enable row level security;
alter table organizations force row level security;
create policy tenant_isolation on organizations
    using (id = materia_org()) with check (id = materia_org());
create policy member_can_read on organizations for select
    using (exists (select 1 from memberships m
                   where m.org_id = organizations.id and m.user_id = materia_user()));

alter table memberships enable row level security;
alter table memberships force row level security;
create policy tenant_isolation on memberships
    using (org_id = materia_org()) with check (org_id = materia_org());
create policy own_memberships on memberships for select
    using (user_id = materia_user());

alter table deployments enable row level security;
alter table deployments force row level security;
create policy tenant_isolation on deployments
    using (org_id = materia_org()) with check (org_id = materia_org());

-- Whoever presents an invitation or token may read that one row, found by its hash.
alter table invitations enable row level security;
alter table invitations force row level security;
create policy tenant_isolation on invitations
    using (org_id = materia_org()) with check (org_id = materia_org());
create policy holder_can_read on invitations for select
    using (token_hash = materia_token_hash());

alter table api_tokens enable row level security;
alter table api_tokens force row level security;
create policy tenant_isolation on api_tokens
    using (org_id = materia_org()) with check (org_id = materia_org());
create policy holder_can_read on api_tokens for select
    using (token_hash = materia_token_hash());

alter table token_deployments enable row level security;
alter table token_deployments force row level security;
create policy tenant_isolation on token_deployments
    using (org_id = materia_org()) with check (org_id = materia_org());

-- Sign-in events belong to the account (org_id null), everything else to an organization.
alter table audit_log enable row level security;
alter table audit_log force row level security;
create policy tenant_isolation on audit_log
    using (org_id = materia_org()) with check (org_id = materia_org());
create policy own_account_events on audit_log
    using (org_id is null and actor_user_id = materia_user())
    with check (org_id is null and actor_user_id = materia_user());

grant select, insert, update, delete
    on organizations, users, sessions, login_failures, memberships, deployments, invitations,
       api_tokens, token_deployments
    to materia_app;
grant select, insert on audit_log to materia_app;
grant usage on sequence audit_log_id_seq, login_failures_id_seq to materia_app;
-- Readiness compares applied migrations with those on the classpath.
grant select on flyway_schema_history to materia_app;
