-- Event ingestion writes the asset index (latest materialization, history, partition status,
-- check results) for every batch. A foreign key to deployments costs, for each inserted row, a
-- lookup that locks the deployment's row FOR KEY SHARE; concurrent batches of one deployment then
-- share that row lock through multixacts. As V11 did for the snapshot index, a deleted deployment
-- now takes its index rows along through one statement-level trigger instead.

do $$
declare
    fk record;
begin
    for fk in
        select c.conrelid::regclass as tab, c.conname
        from pg_constraint c
        where c.contype = 'f' and c.confrelid = 'deployments'::regclass
          and c.conrelid in ('asset_materializations_latest'::regclass,
                             'asset_materializations'::regclass,
                             'asset_partitions'::regclass,
                             'asset_check_results'::regclass)
    loop
        execute format('alter table %s drop constraint %I', fk.tab, fk.conname);
    end loop;
end
$$;

-- Runs as the owner (the application role may not delete index rows), under the row-level
-- security of the deleting transaction's organization (the policies are forced on the owner too).
create function materia_deployment_deleted() returns trigger
    language plpgsql security definer set search_path = public
    as $$
    begin
        delete from asset_materializations_latest x using gone g
            where x.org_id = g.org_id and x.deployment_id = g.id;
        delete from asset_materializations x using gone g
            where x.org_id = g.org_id and x.deployment_id = g.id;
        delete from asset_partitions x using gone g
            where x.org_id = g.org_id and x.deployment_id = g.id;
        delete from asset_check_results x using gone g
            where x.org_id = g.org_id and x.deployment_id = g.id;
        return null;
    end
    $$;

revoke all on function materia_deployment_deleted() from public;

create trigger deployment_deleted
    after delete on deployments
    referencing old table as gone
    for each statement execute function materia_deployment_deleted();
