-- Accounts for files.accounts=database: the users file's fields, one row per account, loaded with
-- `java -jar file-service.jar --import-users FILE` (or by SQL). password is the stored hash ({bcrypt}...), never a password.
create table accounts (
    name     text primary key,
    password text not null,
    access   text not null,
    options  text not null default ''
);
