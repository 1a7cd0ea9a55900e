-- Every event batch updates its run's row (contiguous_seq, max_seq, last_heard_at). runs_live
-- indexed last_heard_at, so each of those updates wrote a new entry into every index of runs (two
-- of them GIN). The sweeper needs only the live runs, which are few: index those by organization
-- and read last_heard_at from the rows. Updates that leave status alone can then be HOT, and free
-- room on each page (fillfactor) keeps them on the row's page.
drop index runs_live;
create index runs_live on runs (org_id) where status in ('STARTING', 'STARTED');
alter table runs set (fillfactor = 80);
