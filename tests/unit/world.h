/* world.h - a small deployment for core tests: a temporary workspace, an
 * administrator, structures, professionals and one person with her carnet.
 * SPDX-License-Identifier: MIT
 */
#ifndef CARNET_TESTS_WORLD_H
#define CARNET_TESTS_WORLD_H

#include <carnet/carnet.h>

/* Every test passphrase; the workspace uses the fast KDF profile. */
#define W_PASS "phrase-de-test"

typedef struct world {
    char dir[256];
    char path[300];
    carnet_db *db;
    carnet_actor *admin;
    carnet_actor *cd;       /* conseil départemental (structure) */
    carnet_actor *ccas;     /* CCAS (structure) */
    carnet_actor *emp;      /* employeur (structure) */
    carnet_actor *claire;   /* chargée d'orientation, CD */
    carnet_actor *sofia;    /* référente, CCAS */
    carnet_actor *marc;     /* référent, CD */
    carnet_actor *paul;     /* accompagnateur, employeur */
    carnet_actor *person;   /* the person, present */
    char handle[CARNET_HANDLE_MAX + 1];
    char code[64];          /* her recovery code */
    int64_t now;
} world;

/* Build the world (and a carnet for the person, created by claire, who is
 * authorised on identite and situation). Asserts on every step. */
void world_up(world *w);
/* Free everything and remove the directory. */
void world_down(world *w);
/* Advance the workspace clock by @p days. */
void world_days(world *w, int days);
/* Unlock a principal with W_PASS. */
carnet_actor *world_unlock(world *w, const char *handle);
/* Write an entry and return its number (asserts success). */
int64_t world_write(world *w, carnet_actor *a, const char *kind, const char *json, int64_t sup);
/* Grant @p grantee the sections in @p sections (write access, all history). */
int64_t world_grant(world *w, const char *grantee, unsigned sections, carnet_access access,
                    carnet_scope scope);
/* Count the entries @p a can decrypt; with @p found, also whether an
 * entry whose body contains @p needle was returned. */
int world_read(world *w, carnet_actor *a, unsigned sections, const char *needle, int *found);
/* Remove a directory tree (only the flat directories the tests make). */
void world_rmdir(const char *dir);

#endif /* CARNET_TESTS_WORLD_H */
