-- The ban list and the LOGIN throttle, shared by every replica: an address (or an account name) that spreads its
-- tries over replicas is counted once, and a ban made by one replica holds on all.

-- One row per address with points: its score in the current window, and when its ban ends if banned.
create table defender_scores (
    address      text        primary key,
    window_start timestamptz not null,
    score        int         not null,
    banned_until timestamptz,
    touched_at   timestamptz not null
);
create index defender_scores_touched on defender_scores (touched_at);

-- Token buckets of failed LOGIN tries: kind 'address' or 'account', tokens left as of updated_at.
create table login_budgets (
    kind       text             not null,
    key        text             not null,
    tokens     double precision not null,
    updated_at timestamptz      not null,
    primary key (kind, key)
);
create index login_budgets_updated on login_budgets (updated_at);
