-- The tenant root. Everything a customer owns hangs off an organization (see DESIGN.md, Storage).
create table organizations (
    id         uuid primary key default gen_random_uuid(),
    slug       text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name       text not null check (length(name) between 1 and 200),
    created_at timestamptz not null default now()
);
