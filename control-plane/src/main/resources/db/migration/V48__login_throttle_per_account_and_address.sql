-- The sign-in throttle locks an (account, address) pair rather than an account (OWASP ASVS 4
-- 2.2.1), and exempts addresses an account signed in from before from its account-wide limit.
create index login_failures_email_ip_at on login_failures (email, ip, at);

-- Addresses each account signed in from with the right password; global like login_failures.
create table login_known_addresses (
    email           text not null,
    ip              text not null,
    last_success_at timestamptz not null default now(),
    primary key (email, ip)
);

grant select, insert, update, delete on login_known_addresses to materia_app;
