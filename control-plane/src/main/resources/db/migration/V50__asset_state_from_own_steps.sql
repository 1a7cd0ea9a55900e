-- Asset state from each asset's own step (issue 13): unpartitioned assets keep their state in
-- asset_partitions too, under partition_key '' (as asset_materializations_latest does); a row in
-- progress remembers the status it had before its step started, so a canceled run can put it back;
-- the latest materialization keeps the upstream data versions it read, for staleness.

alter table asset_partitions
    add column previous_status text check (previous_status in ('materialized', 'failed'));

alter table asset_materializations_latest
    add column input_data_versions jsonb not null default '{}'::jsonb;

-- A run's end settles the rows it left in progress (a canceled step with nothing before is deleted).
create index asset_partitions_by_run on asset_partitions (org_id, run_id);
-- What the catalog and the lineage graph read for RUNNING and FAILED, without the materialized rows.
create index asset_partitions_unsettled on asset_partitions (org_id, deployment_id, asset_key)
    where status <> 'materialized';

grant delete on asset_partitions to materia_app;
