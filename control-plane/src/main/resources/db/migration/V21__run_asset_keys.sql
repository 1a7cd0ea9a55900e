-- The asset keys a run's selection resolved to at launch, so the catalog and the console can show
-- each asset's latest run (running, failed) without resolving selections again.
alter table runs add column asset_keys text[] not null default '{}';
create index runs_asset_keys on runs using gin (asset_keys);
