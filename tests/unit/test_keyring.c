/* test_keyring.c - epoch keys (research/anchor-crypto-consent.md §8.5, T3,
 * T6, T7): wraps injected into the file do not open, every rotation gives
 * fresh keys, a revoked writer's seals stay the person's, and an actor's
 * cache of opened keys stays bounded however many carnets it touches.
 * SPDX-License-Identifier: MIT
 *
 * The attacker holds the workspace file: the tests edit it through a second
 * SQLite connection (world_sql), with the library's own connection open.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "actions/actions.h" /* the actor's key cache */
#include "helpers.h"
#include "tests.h"
#include "world.h"

/* T6: wraps injected into the file for someone else do not open: the
 * sealer's signature binds the recipient, and only holders of write
 * authority may seal. */
void
test_security_injected_wrap_refused(void **state)
{
    char hx[2][200];
    carnet_keypair *sofia_kp;
    carnet_epoch_key *k0;
    carnet_pubkey paul_pk;
    unsigned char wrap[CARNET_WRAP_BYTES], sig[CARNET_SIG_BYTES];
    world_wrap ww;
    int64_t cid, paul, claire;
    int rc;
    world w;

    (void)state;
    world_up(&w);
    cid = world_carnet_rowid(&w, w.handle);
    paul = world_pid(&w, "paul");
    claire = world_pid(&w, "claire");
    /* Paul reads identite from now on: entry 1 (epoch 0) is not his. */
    world_grant(&w, "paul", SEC(IDENTITE), CARNET_ACCESS_READ, CARNET_SCOPE_FROM_NOW);
    assert_false(world_read_no(&w, w.paul, w.handle, 1, &rc));
    assert_int_equal(rc, CARNET_ECONSENT);
    /* 1. Claire's wrap of epoch 0 copied as Paul's. */
    world_sql(
        &w,
        "INSERT INTO wrap (carnet, section, epoch, recipient, wrap, sealed_by, created_at, sig)"
        " SELECT carnet, section, epoch, %lld, wrap, sealed_by, created_at, sig FROM wrap"
        " WHERE carnet = %lld AND section = 0 AND epoch = 0 AND recipient = %lld",
        (long long)paul, (long long)cid, (long long)claire);
    assert_false(world_read_no(&w, w.paul, w.handle, 1, &rc));
    assert_int_equal(rc, CARNET_EAUTH);
    assert_int_equal(world_read(&w, w.paul, CARNET_SECTIONS_ALL, NULL, NULL), 0);
    /* 2. A well-formed wrap of the real key, sealed to Paul and signed by
     *    Sofia, a mere reader: she may not widen access. */
    world_grant(&w, "sofia", SEC(IDENTITE), CARNET_ACCESS_READ, CARNET_SCOPE_ALL);
    sofia_kp = world_keypair(&w, "sofia");
    assert_true(world_wrap_get(&w, &ww, w.handle, "sofia", CARNET_SECTION_IDENTITE, 0));
    k0 = world_wrap_open(&ww, sofia_kp);
    assert_non_null(k0);
    assert_int_equal(world_sql_blob(&w, paul_pk.sign, sizeof paul_pk.sign,
                                    "SELECT pk_sign FROM principal WHERE pid = %lld",
                                    (long long)paul),
                     sizeof paul_pk.sign);
    assert_int_equal(world_sql_blob(&w, paul_pk.box, sizeof paul_pk.box,
                                    "SELECT pk_box FROM principal WHERE pid = %lld",
                                    (long long)paul),
                     sizeof paul_pk.box);
    assert_int_equal(carnet_epoch_seal(wrap, sig, sofia_kp, k0, &paul_pk, ww.ctx, ww.ctx_len),
                     CARNET_OK);
    carnet_hex_encode(hx[0], wrap, sizeof wrap);
    carnet_hex_encode(hx[1], sig, sizeof sig);
    world_sql(&w,
              "UPDATE wrap SET wrap = X'%s', sig = X'%s', sealed_by = %lld WHERE carnet = %lld"
              " AND section = 0 AND epoch = 0 AND recipient = %lld",
              hx[0], hx[1], (long long)world_pid(&w, "sofia"), (long long)cid, (long long)paul);
    assert_false(world_read_no(&w, w.paul, w.handle, 1, &rc));
    assert_int_equal(rc, CARNET_EAUTH);
    /* 3. The same wrap claimed as sealed by the person: her signature fails. */
    world_sql(&w,
              "UPDATE wrap SET sealed_by = (SELECT person FROM carnet WHERE cid = %lld)"
              " WHERE carnet = %lld AND section = 0 AND epoch = 0 AND recipient = %lld",
              (long long)cid, (long long)cid, (long long)paul);
    assert_false(world_read_no(&w, w.paul, w.handle, 1, &rc));
    assert_int_equal(rc, CARNET_EAUTH);
    carnet_epoch_key_free(k0);
    carnet_keypair_free(sofia_kp);
    world_down(&w);
}

/* T7/T3: thirty grant/revoke cycles give thirty times two fresh keys per
 * section, all distinct. */
void
test_security_epoch_keys_distinct(void **state)
{
    int64_t cid, total;
    world w;

    (void)state;
    world_up(&w);
    cid = world_carnet_rowid(&w, w.handle);
    for (int i = 0; i < 30; i++) {
        int64_t g = world_grant(&w, "marc", SEC(PLAN) | SEC(SUIVI), CARNET_ACCESS_READ,
                                CARNET_SCOPE_FROM_NOW);
        assert_int_equal(carnet_revoke(w.db, w.person, g), CARNET_OK);
    }
    assert_int_equal(world_sql_int(&w,
                                   "SELECT max(epoch) FROM epoch WHERE carnet = %lld"
                                   " AND section = %d",
                                   (long long)cid, CARNET_SECTION_PLAN),
                     60);
    total = world_sql_int(&w, "SELECT count(*) FROM epoch");
    assert_int_equal(total, 8 + 2 * 60);
    assert_int_equal(world_sql_int(&w, "SELECT count(DISTINCT key_id) FROM epoch"), total);
    assert_int_equal(world_sql_int(&w, "SELECT count(*) FROM wrap WHERE recipient = %lld",
                                   (long long)world_pid(&w, "marc")),
                     0);
    world_down(&w);
}

/* The same for an epoch key sealed by a writer: revoking the writer in the
 * same second must not cost the person the keys the writer sealed to her. */
void
test_security_revocation_keeps_epoch_keys(void **state)
{
    carnet_grant_params g = CARNET_GRANT_PARAMS_INIT;
    carnet_actor *fresh;
    int64_t gs, no = 0, e1, e2;
    int rc;
    world w;

    (void)state;
    world_up(&w);
    gs = world_grant(&w, "sofia", SEC(SUIVI), CARNET_ACCESS_WRITE, CARNET_SCOPE_ALL);
    g.grantee = "marc";
    g.sections = SEC(SUIVI);
    g.not_after = w.now + DAYS(1);
    assert_int_equal(carnet_grant(&no, w.db, w.person, &g), CARNET_OK);
    e1 = world_point(&w, w.person, "avant l'expiration");
    world_days(&w, 2);
    /* Marc expired: Sofia's write starts the new epoch and seals its key. */
    world_point(&w, w.sofia, "nouvelle epoque");
    e2 = world_point(&w, w.person, "ecrit par la personne dans l'epoque de sofia");
    assert_true(world_epoch(&w, e2) > world_epoch(&w, e1));
    assert_int_equal(world_sql_int(&w,
                                   "SELECT count(*) FROM epoch WHERE section = %d AND epoch = %u"
                                   " AND created_by = %lld",
                                   CARNET_SECTION_SUIVI, world_epoch(&w, e2),
                                   (long long)world_pid(&w, "sofia")),
                     1);
    assert_int_equal(carnet_revoke(w.db, w.person, gs), CARNET_OK);
    /* A new session of the person, with the keys in the file only. */
    fresh = world_unlock(&w, w.handle);
    if (!world_read_no(&w, fresh, w.handle, e2, &rc)) {
        fail_msg("the person cannot read her own entry %lld after revoking, in the same second, "
                 "the writer who sealed its epoch key: %s",
                 (long long)e2, carnet_status_name(rc));
    }
    carnet_actor_free(fresh);
    world_down(&w);
}

#define KC_CARNETS 40

void
test_core_keycache_bounded(void **state)
{
    char handles[KC_CARNETS][CARNET_HANDLE_MAX + 1];
    carnet_secbuf *pass = th_secret(W_PASS);
    world w;

    (void)state;
    world_up(&w);
    /* Each carnet gives claire (its creator) keys of identite and situation,
     * opened to write and read: far more than the cache keeps. */
    for (int i = 0; i < KC_CARNETS; i++) {
        carnet_create_opts co = CARNET_CREATE_OPTS_INIT;
        carnet_secbuf *code = NULL;
        co.person_passphrase = pass;
        co.identite_json =
            "{\"prenom\":\"Léa\",\"nom\":\"Cache\",\"date_naissance\":\"1990-01-02\"}";
        assert_int_equal(carnet_create(handles[i], &code, w.db, w.claire, &co), CARNET_OK);
        carnet_secbuf_free(code);
        memcpy(w.handle, handles[i], sizeof w.handle);
        assert_int_equal(world_read(&w, w.claire, SEC(IDENTITE) | SEC(SITUATION), "Cache", NULL),
                         1);
        assert_true(w.claire->nkeys <= CARNET__KEY_CACHE_MAX);
    }
    assert_true(w.claire->nkeys > 0);
    /* The first carnets' keys were dropped: they open again from their wraps. */
    for (int i = 0; i < KC_CARNETS; i++) {
        int found = 0;
        memcpy(w.handle, handles[i], sizeof w.handle);
        assert_int_equal(world_read(&w, w.claire, SEC(IDENTITE), "Cache", &found), 1);
        assert_true(found);
        assert_true(w.claire->nkeys <= CARNET__KEY_CACHE_MAX);
    }
    carnet_secbuf_free(pass);
    world_down(&w);
}
