-- Code locations, their latest snapshots, and the asset index built from them (DESIGN.md, How data
-- flows 2-3). Every table is a tenant table: org_id, RLS enabled and FORCED, a policy on
-- materia_org(), explicit grants to materia_app.
--
-- The index is keyed by asset key text, (org_id, deployment_id, key), so tables written by event
-- ingestion can join on the key and survive a snapshot replacing these rows.

create table code_locations (
    id               uuid primary key,
    org_id           uuid not null references organizations (id) on delete cascade,
    deployment_id    uuid not null,
    name             text not null check (name ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$'),
    artifact         text not null check (length(artifact) between 1 and 2000),
    version          text not null check (length(version) between 1 and 200),
    -- PENDING: registered, no agent has reported on this version yet.
    status           text not null check (status in ('PENDING', 'LOADING', 'LOADED', 'FAILED')),
    load_error       text,
    load_error_class text,
    snapshot_hash    text,
    snapshot_version text,
    snapshot_at      timestamptz,
    asset_count      integer not null default 0,
    check_count      integer not null default 0,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    unique (org_id, deployment_id, name),
    unique (org_id, id),
    foreign key (org_id, deployment_id) references deployments (org_id, id) on delete cascade
);

-- One row per asset of a deployment; a key belongs to one code location of the deployment.
create table assets (
    org_id           uuid not null,
    deployment_id    uuid not null,
    key              text not null,
    code_location_id uuid not null,
    group_name       text not null,
    description      text not null,
    owners           text[] not null,
    tags             jsonb not null,
    kinds            text[] not null,
    code_version     text,
    io_manager       text,
    partitions_kind  text,
    partitions       jsonb,
    primary key (org_id, deployment_id, key),
    foreign key (org_id, code_location_id) references code_locations (org_id, id) on delete cascade
);
create index assets_code_location on assets (code_location_id);

-- Dependency edges: asset_key reads upstream_key. Both ends are in the same code location.
create table asset_deps (
    org_id           uuid not null,
    deployment_id    uuid not null,
    asset_key        text not null,
    upstream_key     text not null,
    code_location_id uuid not null,
    primary key (org_id, deployment_id, asset_key, upstream_key),
    foreign key (org_id, code_location_id) references code_locations (org_id, id) on delete cascade
);
create index asset_deps_upstream on asset_deps (org_id, deployment_id, upstream_key);
create index asset_deps_code_location on asset_deps (code_location_id);

create table asset_checks (
    org_id           uuid not null,
    deployment_id    uuid not null,
    asset_key        text not null,
    name             text not null,
    blocking         boolean not null,
    description      text not null,
    code_location_id uuid not null,
    primary key (org_id, deployment_id, asset_key, name),
    foreign key (org_id, code_location_id) references code_locations (org_id, id) on delete cascade
);
create index asset_checks_code_location on asset_checks (code_location_id);

-- Schedules as the snapshot declares them; automation evaluates them.
create table code_location_schedules (
    org_id           uuid not null,
    deployment_id    uuid not null,
    code_location_id uuid not null,
    name             text not null,
    cron             text not null,
    selection        text not null,
    timezone         text not null,
    primary key (code_location_id, name),
    foreign key (org_id, code_location_id) references code_locations (org_id, id) on delete cascade
);
create index code_location_schedules_deployment on code_location_schedules (org_id, deployment_id);

alter table code_locations enable row level security;
alter table code_locations force row level security;
create policy tenant_isolation on code_locations
    using (org_id = materia_org()) with check (org_id = materia_org());

alter table assets enable row level security;
alter table assets force row level security;
create policy tenant_isolation on assets
    using (org_id = materia_org()) with check (org_id = materia_org());

alter table asset_deps enable row level security;
alter table asset_deps force row level security;
create policy tenant_isolation on asset_deps
    using (org_id = materia_org()) with check (org_id = materia_org());

alter table asset_checks enable row level security;
alter table asset_checks force row level security;
create policy tenant_isolation on asset_checks
    using (org_id = materia_org()) with check (org_id = materia_org());

alter table code_location_schedules enable row level security;
alter table code_location_schedules force row level security;
create policy tenant_isolation on code_location_schedules
    using (org_id = materia_org()) with check (org_id = materia_org());

grant select, insert, update, delete on code_locations, assets, asset_deps, asset_checks,
    code_location_schedules to materia_app;
