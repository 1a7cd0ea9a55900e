-- The sweeper fails runs (and marks agents down) that nobody heard from for a silence timeout. While
-- the database is unreachable, or no replica runs, nobody can hear anything, so that time must not
-- count as silence (a run failed 4.7 s after a 2-minute database outage although its agent retried
-- throughout). Each sweep records its tick by the database's clock; a gap between two ticks longer
-- than the sweeper could explain is a blind spell, and silence is measured without blind spells.
-- Both tables are global: they describe the control plane, not an organization.

create table sweep_ticks (
    singleton boolean primary key default true check (singleton),
    ticked_at timestamptz not null
);
insert into sweep_ticks (singleton, ticked_at) values (true, now());

create table sweep_blind_spells (
    started_at timestamptz primary key,
    ended_at   timestamptz not null check (ended_at > started_at)
);

grant select, update on sweep_ticks to materia_app;
grant select, insert, update, delete on sweep_blind_spells to materia_app;

-- How long nobody has heard from something last heard at `heard`, by the database's clock,
-- leaving out the blind spells since then.
create function materia_heard_silence(heard timestamptz)
    returns interval
    language sql stable set search_path = public
    as $$
        select now() - heard - coalesce(
            (select sum(least(s.ended_at, now()) - greatest(s.started_at, heard))
               from sweep_blind_spells s
              where s.ended_at > heard),
            interval '0')
    $$;
