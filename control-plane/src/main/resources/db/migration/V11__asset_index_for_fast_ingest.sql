-- Snapshot ingest writes the index of 10,000 assets / 30,000 edges in one transaction; V10's
-- layout spent most of that on per-row work: a foreign key check for each of ~40,000 rows, an
-- index on code_location_id per table, and 30,000 rows of asset_deps with two indexes.
--
-- Now:
--   * an asset's upstream keys are an array on its row (assets.deps), so edges cost no rows of
--     their own; downstream lookups scan one deployment's assets, which is cheap at this size;
--   * index rows are found by (org_id, deployment_id) plus the code location, without indexes
--     of their own;
--   * a deleted code location (or its deployment, by cascade) takes its index rows along through
--     one statement-level trigger instead of a foreign key check per inserted row.

alter table assets add column deps text[] not null default '{}';
drop table asset_deps;

alter table assets drop constraint assets_org_id_code_location_id_fkey;
alter table asset_checks drop constraint asset_checks_org_id_code_location_id_fkey;
alter table code_location_schedules
    drop constraint code_location_schedules_org_id_code_location_id_fkey;

drop index assets_code_location;
drop index asset_checks_code_location;

-- Runs as the deleting role, under the same row-level security as the delete itself.
create function materia_code_location_deleted() returns trigger
    language plpgsql
    as $$
    begin
        delete from asset_checks c using gone g
            where c.org_id = g.org_id and c.deployment_id = g.deployment_id
              and c.code_location_id = g.id;
        delete from code_location_schedules s using gone g
            where s.org_id = g.org_id and s.code_location_id = g.id;
        delete from assets a using gone g
            where a.org_id = g.org_id and a.deployment_id = g.deployment_id
              and a.code_location_id = g.id;
        return null;
    end
    $$;

create trigger code_location_deleted
    after delete on code_locations
    referencing old table as gone
    for each statement execute function materia_code_location_deleted();
