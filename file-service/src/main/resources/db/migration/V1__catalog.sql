-- The file-service catalog (files.metadata=postgres): what every replica agrees on. File data lives in the
-- object store under object_key, an immutable id: a rename or a move changes a row, never an object.

-- One row per file or folder. A home is the top folder of one account's library ('' is the whole library).
-- name_key is the name folded (common's NameFold): Report.pdf and report.pdf claim the same key, so the primary
-- key lets exactly one transaction win a name in a folder, on any replica.
create table entries (
    home       text    not null,
    folder     text    not null,
    name_key   text    not null,
    name       text    not null,
    is_folder  boolean not null,
    size       bigint  not null,
    sha256     text,
    object_key text,
    owner      text,
    primary key (home, folder, name_key)
);

-- What each home holds and has promised to uploads in flight; an upload is admitted by one conditional update of
-- its row, so replicas never together promise more than the quota.
create table usage (
    home           text   primary key,
    used_bytes     bigint not null default 0,
    reserved_bytes bigint not null default 0,
    files          bigint not null default 0,
    check (used_bytes >= 0 and reserved_bytes >= 0 and files >= 0)
);

-- Uploads in flight (partial = false) and kept parts of interrupted resumable ones (partial = true). A row whose
-- lease lapsed belongs to a replica that died or a part past its retention: the sweeper aborts its object and
-- releases its reservation.
create table uploads (
    id           uuid        primary key,
    home         text        not null,
    path         text        not null,
    size         bigint      not null,
    object_key   text        not null,
    multipart_id text,
    owner        text,
    held         bigint      not null default 0,
    partial      boolean     not null default false,
    lease_until  timestamptz not null
);
create index uploads_lease on uploads (lease_until);
create index uploads_partial on uploads (home, path, owner) where partial;

-- The parts of a multipart upload already stored, so that a resume on any replica can complete it.
create table upload_parts (
    upload_id uuid   not null references uploads (id) on delete cascade,
    number    int    not null,
    etag      text   not null,
    bytes     bigint not null,
    primary key (upload_id, number)
);

-- Objects whose row is gone (a delete, an overwrite, an abandoned or swept upload with its multipart upload), removed from the object store after the commit; a row left
-- here means the removal has not happened yet (the store was unreachable) and the sweeper tries again.
create table doomed_objects (
    object_key   text        primary key,
    multipart_id text,
    since        timestamptz not null
);
