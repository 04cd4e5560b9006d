/* world.h - a small deployment for core tests: a temporary workspace, an
 * administrator, structures, professionals and one person with her carnet.
 * SPDX-License-Identifier: MIT
 */
#ifndef CARNET_TESTS_WORLD_H
#define CARNET_TESTS_WORLD_H

#include <carnet/carnet.h>

/* The bit of a section, by its short name: SEC(SUIVI). */
#define SEC(s) CARNET_SECTION_BIT(CARNET_SECTION_##s)
/* A number of days, in seconds. */
#define DAYS(n) ((int64_t)(n)*86400)

/* Every test passphrase; the workspace uses the fast KDF profile. */
#define W_PASS "phrase-de-test"

typedef struct world {
    char dir[256];
    char path[300];
    carnet_db *db;
    carnet_actor *admin;
    carnet_actor *cd;     /* conseil départemental (structure) */
    carnet_actor *ccas;   /* CCAS (structure) */
    carnet_actor *emp;    /* employeur (structure) */
    carnet_actor *claire; /* chargée d'orientation, CD */
    carnet_actor *sofia;  /* référente, CCAS */
    carnet_actor *marc;   /* référent, CD */
    carnet_actor *paul;   /* accompagnateur, employeur */
    carnet_actor *person; /* the person, present */
    char handle[CARNET_HANDLE_MAX + 1];
    char code[64]; /* her recovery code */
    int64_t now;
} world;

/* Build the world (and a carnet for the person, created by claire, who is
 * authorised on identite and situation). Asserts on every step. */
void world_up(world *w);
/* Free everything and remove the directory. */
void world_down(world *w);
/* Close the workspace and open it again with every actor unlocked anew:
 * a new process, which remembers nothing it verified before. */
void world_reopen(world *w);
/* Advance the workspace clock by @p days. */
void world_days(world *w, int days);
/* Unlock a principal with W_PASS. */
carnet_actor *world_unlock(world *w, const char *handle);
/* Claire orients the person to sofia (ccas-roubaix), socio-professional. */
void world_orient_sofia(world *w);
/* Write an entry and return its number (asserts success). */
int64_t world_write(world *w, carnet_actor *a, const char *kind, const char *json, int64_t sup);
/* Grant @p grantee the sections in @p sections (write access, all history). */
int64_t world_grant(world *w, const char *grantee, unsigned sections, carnet_access access,
                    carnet_scope scope);
/* Count the entries @p a can decrypt; with @p found, also whether an
 * entry whose body contains @p needle was returned. */
int world_read(world *w, carnet_actor *a, unsigned sections, const char *needle, int *found);
/* Play a shipped scenario (path under fixtures/) into a new workspace:
 * fills w->dir and w->path only, asserts that every step and expectation
 * passed, and closes the workspace. */
void world_play_scenario(world *w, const char *rel);
/* The row id of @p person's carnet and of principal @p handle, read on a
 * second connection (assert they exist). */
int64_t world_carnet_rowid(world *w, const char *person);
int64_t world_pid(world *w, const char *handle);
/* The key epoch of entry @p no of the person's carnet. */
uint32_t world_epoch(world *w, int64_t no);
/* A suivi.point written by @p a whose résumé is @p text; its number. */
int64_t world_point(world *w, carnet_actor *a, const char *text);
/* Remove a directory tree (only the flat directories the tests make). */
void world_rmdir(const char *dir);

/* ---- attacker's and auditor's view: the raw file, outside the library ---- */

/* Free the actors and close the workspace (world_down still removes the
 * directory afterwards). */
void world_close(world *w);
/* Run SQL on a second, independent connection to the workspace file, as
 * someone holding the file would (foreign keys off, triggers as stored). */
void world_sql(world *w, const char *fmt, ...) CARNET_PRINTF(2, 3);
/* The first column of the first row as an integer (-1 when no row). */
int64_t world_sql_int(world *w, const char *fmt, ...) CARNET_PRINTF(2, 3);
/* The number of entry rows in the file, every carnet's. */
int64_t world_entry_count(world *w);
/* Copy the first column of the first row (a blob) into @p out; its length,
 * or 0 when there is no row or the value is NULL or larger than @p cap. */
size_t world_sql_blob(world *w, unsigned char *out, size_t cap, const char *fmt, ...)
    CARNET_PRINTF(4, 5);
/* Run a statement whose parameter ?1 is the blob @p b. */
void world_sql_set_blob(world *w, const unsigned char *b, size_t n, const char *fmt, ...)
    CARNET_PRINTF(4, 5);
/* Does any file of the test directory contain @p needle? With @p which,
 * the name of the first such file is copied there. */
int world_files_contain(world *w, const void *needle, size_t len, char *which, size_t which_size);
/* Read entry @p no of @p person's carnet as @p a (superseded versions
 * included). Returns 1 when its body was decrypted; *rc_out receives the
 * status of carnet_reader_next for that entry (CARNET_ITEROVER when the
 * reader did not reach it). */
int world_read_no(world *w, carnet_actor *a, const char *person, int64_t no, int *rc_out);
/* Mark in seen[no] every entry of @p person's carnet that @p a decrypts
 * (superseded versions included); entries numbered n or more are ignored. */
void world_read_set(world *w, carnet_actor *a, const char *person, unsigned char *seen, size_t n);
/* A principal's secret keys, unlocked from the sealed record in the file
 * with W_PASS, without the library's directory code. */
carnet_keypair *world_keypair(world *w, const char *handle);

/* A stored wrap of an epoch key, as a client would keep it. */
typedef struct world_wrap {
    unsigned char wrap[CARNET_WRAP_BYTES];
    unsigned char sig[CARNET_SIG_BYTES];
    unsigned char key_id[CARNET_KEY_ID_BYTES];
    unsigned char ctx[64];
    size_t ctx_len;
    carnet_pubkey sealer;
} world_wrap;

/* Load the wrap of (section, epoch) of @p person's carnet sealed to
 * @p recipient. Returns 0 when there is none. */
int world_wrap_get(world *w, world_wrap *out, const char *person, const char *recipient,
                   int section, uint32_t epoch);
/* Open a wrap with the recipient's keys; NULL when it does not open. */
carnet_epoch_key *world_wrap_open(const world_wrap *ww, const carnet_keypair *kp);

/* An entry as stored: its header, envelope and author's public keys. */
typedef struct world_entry {
    carnet_envelope_header h;
    carnet_envelope env; /* release with carnet_envelope_release() */
    carnet_pubkey author;
} world_entry;

/* Load entry @p no of @p person's carnet from the file (asserts it exists). */
void world_entry_get(world *w, world_entry *out, const char *person, int64_t no);

#endif /* CARNET_TESTS_WORLD_H */
