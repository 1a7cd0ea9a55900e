-- Before issue 13 a check step's step_started put its asset's partition back in progress after the
-- materialization, and nothing settled it when the run ended (a backfill that ended SUCCESS showed
-- "inProgress: 31, materialized: 0"). Settle the rows ended runs left in progress, close to the
-- rule ingestion now applies at a run's end (MaterializationIndex.PartitionStatus.afterRunEnded):
-- failed when the run failed; else materialized when it has a materialization (the check step's
-- start came after it, so "since the step started" cannot be told here); else no row.
--
-- The migration runs as the owner, to whom the forced policies apply too; it reads and writes
-- every organization's rows, so it lifts the force on the two tables for its own transaction.

alter table asset_partitions no force row level security;
alter table asset_materializations_latest no force row level security;

update asset_partitions p set status = 'failed', previous_status = null
    where p.status = 'in_progress'
      and exists (select 1 from runs r where r.id = p.run_id and r.status = 'FAILURE');

update asset_partitions p set status = 'materialized', previous_status = null
    where p.status = 'in_progress'
      and exists (select 1 from runs r where r.id = p.run_id
                  and r.status in ('SUCCESS', 'CANCELED'))
      and exists (select 1 from asset_materializations_latest m
                  where m.org_id = p.org_id and m.deployment_id = p.deployment_id
                    and m.asset_key = p.asset_key and m.partition_key = p.partition_key);

delete from asset_partitions p
    where p.status = 'in_progress'
      and exists (select 1 from runs r where r.id = p.run_id
                  and r.status in ('SUCCESS', 'CANCELED'));

alter table asset_partitions force row level security;
alter table asset_materializations_latest force row level security;
