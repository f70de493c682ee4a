/* Licensed under the Apache License, Version 2.0 (see LICENSE). */
#ifndef RM_MIGRATIONS_H
#define RM_MIGRATIONS_H
/* One numbered migration: a file of ';'-terminated statements. */
typedef struct {
    int version;
    const char *name;
    const char *sql;
} rm_migration;
extern const rm_migration rm_migrations_sqlite3[];
extern const rm_migration rm_migrations_pgsql[];
#endif
