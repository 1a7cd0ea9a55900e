-- Runs, the work queue, agents, the run event log and the asset index ingestion keeps
-- (DESIGN.md: Storage; issue 4 points 4-7). Every table is a tenant table (org_id, RLS enabled and
-- FORCED, a policy on materia_org()).
--
-- The sweeper (expired leases, silent agents and runs) must find due rows of every organization
-- before it scopes a transaction to one. It calls materia_sweep_orgs(), a SECURITY DEFINER function
-- of the migration owner; the policies "owner_sweeps" below let the owner, and nobody else, read
-- those rows across organizations (the application role never holds the owner's privileges).

create table runs (
    id                    uuid primary key,
    org_id                uuid not null references organizations (id) on delete cascade,
    deployment_id         uuid not null,
    code_location         text not null,
    selection             text not null check (length(selection) between 1 and 10000),
    partition_key         text,
    partition_range_first text,
    partition_range_last  text,
    tags                  jsonb not null default '{}'::jsonb,
    status                text not null
        check (status in ('QUEUED', 'STARTING', 'STARTED', 'SUCCESS', 'FAILURE', 'CANCELED')),
    status_message        text,
    created_at            timestamptz not null default now(),
    created_by            uuid,
    started_at            timestamptz,
    finished_at           timestamptz,
    cancel_requested_at   timestamptz,
    last_heard_at         timestamptz,
    -- highest seq such that 1..n are stored, and the highest seq stored at all
    contiguous_seq        bigint not null default 0,
    max_seq               bigint not null default 0,
    unique (org_id, id),
    foreign key (org_id, deployment_id) references deployments (org_id, id) on delete cascade,
    check (partition_key is null or partition_range_first is null),
    check ((partition_range_first is null) = (partition_range_last is null))
);
create index runs_list on runs (org_id, deployment_id, created_at desc, id desc);
create index runs_status on runs (org_id, deployment_id, status, created_at desc);
create index runs_tags on runs using gin (tags jsonb_path_ops);
create index runs_live on runs (last_heard_at) where status in ('STARTING', 'STARTED');

-- Work for agents: queued → claimed (with a lease) → done; an expired lease goes back to queued.
create table work_items (
    id               uuid primary key,
    org_id           uuid not null references organizations (id) on delete cascade,
    deployment_id    uuid not null,
    kind             text not null
        check (kind in ('launch_run', 'terminate_run', 'load_code_location')),
    run_id           uuid,
    payload          jsonb not null default '{}'::jsonb,
    status           text not null default 'queued' check (status in ('queued', 'claimed', 'done')),
    created_at       timestamptz not null default now(),
    claimed_by_token uuid,
    claimed_at       timestamptz,
    lease_expires_at timestamptz,
    attempts         int not null default 0,
    done_at          timestamptz,
    foreign key (org_id, deployment_id) references deployments (org_id, id) on delete cascade,
    foreign key (org_id, run_id) references runs (org_id, id) on delete cascade,
    check (status <> 'claimed' or lease_expires_at is not null)
);
create index work_items_queued on work_items (org_id, deployment_id, created_at)
    where status = 'queued';
create index work_items_leases on work_items (lease_expires_at) where status = 'claimed';
create index work_items_run on work_items (org_id, run_id) where run_id is not null;

-- The agent registry: one row per agent installation (AgentHeartbeat.agentId) of an organization.
create table agents (
    org_id         uuid not null references organizations (id) on delete cascade,
    agent_id       text not null check (length(agent_id) between 1 and 200),
    token_id       uuid not null,
    version        text not null,
    status         text not null check (status in ('up', 'stopped', 'down')),
    first_seen_at  timestamptz not null default now(),
    last_seen_at   timestamptz not null default now(),
    code_locations jsonb not null default '[]'::jsonb,
    runs           jsonb not null default '[]'::jsonb,
    primary key (org_id, agent_id)
);
create index agents_last_seen on agents (last_seen_at) where status = 'up';

-- The run event log: append-only, range-partitioned by the run's creation time, so all events of a
-- run share a partition, (run_id, seq) is unique, and retention drops whole months.
create table run_events (
    org_id         uuid not null,
    run_id         uuid not null,
    run_created_at timestamptz not null,
    seq            bigint not null check (seq >= 1),
    type           text not null,
    at             timestamptz not null,
    step_key       text,
    body           jsonb not null,
    ingested_at    timestamptz not null default now(),
    primary key (run_id, seq, run_created_at)
) partition by range (run_created_at);

-- Latest materialization per asset (and per partition: '' for an unpartitioned asset).
create table asset_materializations_latest (
    org_id          uuid not null,
    deployment_id   uuid not null,
    asset_key       text not null,
    partition_key   text not null default '',
    run_id          uuid not null,
    seq             bigint not null,
    materialized_at timestamptz not null,
    data_version    text not null,
    code_version    text,
    metadata        jsonb not null default '{}'::jsonb,
    primary key (org_id, deployment_id, asset_key, partition_key),
    foreign key (org_id, deployment_id) references deployments (org_id, id) on delete cascade
);

-- Every materialization, append-only; id increases, for history cursors.
create table asset_materializations (
    id              bigserial primary key,
    org_id          uuid not null,
    deployment_id   uuid not null,
    asset_key       text not null,
    partition_key   text,
    run_id          uuid not null,
    seq             bigint not null,
    materialized_at timestamptz not null,
    data_version    text not null,
    code_version    text,
    metadata        jsonb not null default '{}'::jsonb,
    unique (run_id, seq),
    foreign key (org_id, deployment_id) references deployments (org_id, id) on delete cascade
);
create index asset_materializations_by_asset
    on asset_materializations (org_id, deployment_id, asset_key, id desc);

-- Status of each partition of a partitioned asset: materialized, failed or in_progress.
create table asset_partitions (
    org_id        uuid not null,
    deployment_id uuid not null,
    asset_key     text not null,
    partition_key text not null,
    status        text not null check (status in ('materialized', 'failed', 'in_progress')),
    run_id        uuid not null,
    updated_at    timestamptz not null,
    primary key (org_id, deployment_id, asset_key, partition_key),
    foreign key (org_id, deployment_id) references deployments (org_id, id) on delete cascade
);

-- Latest result of each asset check (per partition: '' when unpartitioned).
create table asset_check_results (
    org_id        uuid not null,
    deployment_id uuid not null,
    asset_key     text not null,
    check_name    text not null,
    partition_key text not null default '',
    passed        boolean not null,
    severity      text not null check (severity in ('WARN', 'ERROR')),
    blocking      boolean not null,
    description   text not null default '',
    metadata      jsonb not null default '{}'::jsonb,
    run_id        uuid not null,
    seq           bigint not null,
    evaluated_at  timestamptz not null,
    primary key (org_id, deployment_id, asset_key, check_name, partition_key),
    foreign key (org_id, deployment_id) references deployments (org_id, id) on delete cascade
);

do $$
declare
    t text;
begin
    foreach t in array array['runs', 'work_items', 'agents', 'run_events',
                             'asset_materializations_latest', 'asset_materializations',
                             'asset_partitions', 'asset_check_results']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (org_id = materia_org())'
                       || ' with check (org_id = materia_org())', t);
    end loop;
    -- Only the owner (through the SECURITY DEFINER sweeper function below) reads across tenants.
    foreach t in array array['runs', 'work_items', 'agents']
    loop
        execute format('create policy owner_sweeps on %I for select to %I using (true)',
                       t, current_user);
    end loop;
end
$$;

grant select, insert, update, delete on runs, work_items, agents to materia_app;
grant select, insert on run_events to materia_app;
grant select, insert, update on asset_materializations_latest, asset_partitions,
    asset_check_results to materia_app;
grant select, insert on asset_materializations to materia_app;
grant usage on sequence asset_materializations_id_seq to materia_app;

-- Organizations with something for the sweeper: an expired lease, an agent or a run silent for
-- longer than its timeout.
create function materia_sweep_orgs(agent_silence interval, run_silence interval)
    returns setof uuid
    language sql stable security definer set search_path = public
    as $$
        select org_id from work_items where status = 'claimed' and lease_expires_at < now()
        union
        select org_id from agents where status = 'up' and last_seen_at < now() - agent_silence
        union
        select org_id from runs where status in ('STARTING', 'STARTED')
            and last_heard_at < now() - run_silence
    $$;

-- The month partition of run_events holding runs created at `at`, made with the same isolation
-- as every tenant table; idempotent. The application role may not create tables, so this runs as
-- the owner.
create function materia_ensure_run_events_partition(at timestamptz)
    returns text
    language plpgsql security definer set search_path = public
    as $$
    declare
        first_day date := date_trunc('month', at at time zone 'UTC')::date;
        name text := 'run_events_' || to_char(first_day, 'YYYY_MM');
    begin
        if to_regclass(name) is not null then
            return name;
        end if;
        begin
            execute format('create table %I partition of run_events for values from (%L) to (%L)',
                           name, (first_day::timestamp at time zone 'UTC'),
                           ((first_day + interval '1 month')::timestamp at time zone 'UTC'));
        exception when duplicate_table or unique_violation then
            return name; -- another transaction made it a moment ago
        end;
        execute format('alter table %I enable row level security', name);
        execute format('alter table %I force row level security', name);
        execute format('create policy tenant_isolation on %I using (org_id = materia_org())'
                       || ' with check (org_id = materia_org())', name);
        execute format('grant select, insert on %I to materia_app', name);
        return name;
    end
    $$;

-- Retention: drops the month partitions that end before `before`; returns their names.
create function materia_drop_run_events_partitions(before timestamptz)
    returns setof text
    language plpgsql security definer set search_path = public
    as $$
    declare
        part record;
    begin
        for part in
            select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
            where i.inhparent = 'run_events'::regclass and c.relname ~ '^run_events_\d{4}_\d{2}$'
              and (to_date(substr(c.relname, 12), 'YYYY_MM') + interval '1 month')
                  <= (before at time zone 'UTC')
        loop
            execute format('drop table %I', part.relname);
            return next part.relname;
        end loop;
    end
    $$;

revoke all on function materia_sweep_orgs(interval, interval) from public;
revoke all on function materia_ensure_run_events_partition(timestamptz) from public;
revoke all on function materia_drop_run_events_partitions(timestamptz) from public;
grant execute on function materia_sweep_orgs(interval, interval) to materia_app;
grant execute on function materia_ensure_run_events_partition(timestamptz) to materia_app;
grant execute on function materia_drop_run_events_partitions(timestamptz) to materia_app;

select materia_ensure_run_events_partition(now());
