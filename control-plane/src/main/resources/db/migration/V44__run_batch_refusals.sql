-- A run's current streak of refused event batches (events.BatchRefusals): when it began, the last
-- refusal, how many, and the first cause. A streak that lasts materia.runs.refusal-timeout or
-- reaches materia.runs.max-refusals fails the run, so a batch the control plane cannot store never
-- keeps a run live forever.
alter table runs
  add column refused_since timestamptz,
  add column last_refused_at timestamptz,
  add column refusals integer not null default 0,
  add column refusal text;
