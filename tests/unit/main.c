/* main.c - the single cmocka group that runs every unit test.
 * SPDX-License-Identifier: MIT
 *
 * Every test declared in tests.h must appear here; `make lint` checks it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include <carnet/crypto.h>

#include "tests.h"

int
main(void)
{
    static const struct CMUnitTest tests[] = {
        /* test_audit.c */
        cmocka_unit_test(test_security_audit_tamper_detected),
        cmocka_unit_test(test_security_audit_truncation_and_checkpoint),
        cmocka_unit_test(test_security_checkpoint_text_roundtrip),
        /* test_canaries.c */
        cmocka_unit_test(test_canaries_after_every_shipped_scenario),
        cmocka_unit_test(test_canaries_activation_codes_sealed),
        /* test_consent.c */
        cmocka_unit_test(test_security_revoked_reader_gets_nothing_new),
        cmocka_unit_test(test_security_from_now_hides_history),
        cmocka_unit_test(test_security_since_scope_is_per_epoch),
        cmocka_unit_test(test_security_expired_grant_rotates),
        cmocka_unit_test(test_security_future_grant_takes_effect),
        cmocka_unit_test(test_security_unblock_restores_access),
        cmocka_unit_test(test_security_revocation_keeps_earlier_entries),
        cmocka_unit_test(test_security_forged_grant_ignored),
        /* test_crypto_audit.c */
        cmocka_unit_test(test_crypto_audit_chain_valid),
        cmocka_unit_test(test_crypto_audit_chain_modified),
        cmocka_unit_test(test_crypto_audit_chain_deleted),
        cmocka_unit_test(test_crypto_audit_chain_reordered),
        cmocka_unit_test(test_crypto_audit_chain_inserted),
        cmocka_unit_test(test_crypto_audit_chain_wrong_actor),
        cmocka_unit_test(test_crypto_audit_link_rejects_seq_zero),
        cmocka_unit_test(test_crypto_audit_chain_empty),
        cmocka_unit_test(test_crypto_audit_chain_one_record),
        cmocka_unit_test(test_crypto_audit_chain_gap),
        cmocka_unit_test(test_crypto_audit_chain_duplicate_number),
        cmocka_unit_test(test_crypto_audit_chain_wrong_predecessor),
        cmocka_unit_test(test_crypto_audit_chain_wrong_signer),
        /* test_crypto_envelope.c */
        cmocka_unit_test(test_crypto_epoch_seal_open),
        cmocka_unit_test(test_crypto_epoch_unsigned_wrap_refused),
        cmocka_unit_test(test_crypto_key_commitment),
        cmocka_unit_test(test_crypto_epoch_keys_independent),
        cmocka_unit_test(test_crypto_envelope_roundtrip),
        cmocka_unit_test(test_crypto_envelope_tamper),
        cmocka_unit_test(test_crypto_envelope_forged_author),
        cmocka_unit_test(test_crypto_envelope_known_answer),
        cmocka_unit_test(test_crypto_nonces_never_repeat),
        /* test_crypto_keys.c */
        cmocka_unit_test(test_crypto_status_names),
        cmocka_unit_test(test_crypto_rfc8032_public_key),
        cmocka_unit_test(test_crypto_known_answers),
        cmocka_unit_test(test_crypto_self_seal),
        cmocka_unit_test(test_crypto_sign_domains),
        cmocka_unit_test(test_crypto_keypairs_differ),
        cmocka_unit_test(test_crypto_key_seal_roundtrip),
        cmocka_unit_test(test_crypto_key_seal_known_answer),
        cmocka_unit_test(test_crypto_key_open_failures_look_alike),
        cmocka_unit_test(test_crypto_kdf_profiles),
        cmocka_unit_test(test_crypto_recovery_code),
        cmocka_unit_test(test_crypto_recovery_codes_unique),
        cmocka_unit_test(test_crypto_secbuf),
        cmocka_unit_test(test_crypto_hex),
        /* test_directory.c */
        cmocka_unit_test(test_core_world_builds),
        cmocka_unit_test(test_security_deactivated_reader_rotated_out),
        /* test_entry.c */
        cmocka_unit_test(test_security_reader_cannot_write),
        cmocka_unit_test(test_security_erasure_shreds),
        cmocka_unit_test(test_entry_current_one_per_parcours),
        /* test_exchange.c */
        cmocka_unit_test(test_exchange_caf_creates_carnets_once),
        cmocka_unit_test(test_exchange_activation_code_opens_the_carnet),
        cmocka_unit_test(test_exchange_france_travail_into_a_carnet),
        cmocka_unit_test(test_exchange_flow_refuses_another_person),
        cmocka_unit_test(test_exchange_flow_refusals),
        cmocka_unit_test(test_exchange_export_and_import),
        cmocka_unit_test(test_exchange_erase_carnet),
        cmocka_unit_test(test_exchange_codes_kept_until_activation),
        cmocka_unit_test(test_exchange_codes_moved_row_refused),
        /* test_history.c */
        cmocka_unit_test(test_history_empty),
        cmocka_unit_test(test_history_one_record),
        cmocka_unit_test(test_history_gap),
        cmocka_unit_test(test_history_duplicate_number),
        cmocka_unit_test(test_history_wrong_predecessor),
        cmocka_unit_test(test_history_wrong_signer),
        cmocka_unit_test(test_history_signer_without_authority),
        cmocka_unit_test(test_history_member_without_authority),
        cmocka_unit_test(test_history_registry_head),
        /* test_memory.c */
        cmocka_unit_test(test_memory_anchor_pinned),
        cmocka_unit_test(test_memory_rollback_refused),
        cmocka_unit_test(test_memory_restore_accepted),
        cmocka_unit_test(test_history_known_answers),
        /* test_member.c */
        cmocka_unit_test(test_member_invite_by_the_person),
        cmocka_unit_test(test_member_invite_refused_to_a_non_member),
        cmocka_unit_test(test_member_leave_ends_the_membership),
        /* test_json.c */
        cmocka_unit_test(test_json_refuses_duplicate_keys),
        cmocka_unit_test(test_json_refuses_nul_escape),
        cmocka_unit_test(test_json_names_the_cause),
        /* test_history_adopt.c */
        cmocka_unit_test(test_history_adopt_second_open),
        cmocka_unit_test(test_history_adopt_rollback),
        cmocka_unit_test(test_history_adopt_others_and_tampering),
        /* test_history_trust.c */
        cmocka_unit_test(test_history_trust_next_session),
        cmocka_unit_test(test_history_trust_edit_below_head),
        cmocka_unit_test(test_history_trust_signature_checked_in_full),
        cmocka_unit_test(test_history_trust_writer_handle),
        /* test_keyring.c */
        cmocka_unit_test(test_security_injected_wrap_refused),
        cmocka_unit_test(test_security_epoch_keys_distinct),
        cmocka_unit_test(test_security_revocation_keeps_epoch_keys),
        cmocka_unit_test(test_core_keycache_bounded),
        /* test_offers.c */
        cmocka_unit_test(test_offers_import_and_search),
        cmocka_unit_test(test_offers_prescription),
        /* test_orientation.c */
        cmocka_unit_test(test_core_orientation_names_the_referent),
        cmocka_unit_test(test_core_orientation_after_exit_reenters),
        cmocka_unit_test(test_core_orientation_after_closing_reenters),
        cmocka_unit_test(test_core_orientation_reentry_ignores_status_row),
        /* test_parcours.c */
        cmocka_unit_test(test_core_creator_reads_what_was_opened),
        cmocka_unit_test(test_core_full_parcours),
        /* test_policy.c */
        cmocka_unit_test(test_security_explain),
        cmocka_unit_test(test_consent_read_only_grant_explains_write_refusal),
        cmocka_unit_test(test_security_random_policy_matches_crypto),
        /* test_reader.c */
        cmocka_unit_test(test_security_tampered_entries_fail),
        cmocka_unit_test(test_security_entry_moved_to_other_carnet_fails),
        cmocka_unit_test(test_security_forged_entry_by_reader_rejected),
        cmocka_unit_test(test_security_read_fails_closed),
        /* test_rules.c */
        cmocka_unit_test(test_security_rules_ceiling),
        /* test_scenario.c */
        cmocka_unit_test(test_scenario_parse_names_the_fault),
        cmocka_unit_test(test_scenario_plays_a_parcours),
        cmocka_unit_test(test_scenario_wrong_expectation_is_named),
        cmocka_unit_test(test_scenario_expected_refusals),
        cmocka_unit_test(test_scenario_revoked_reader_loses_new_entries),
        cmocka_unit_test(test_scenario_rules_swapped),
        cmocka_unit_test(test_scenario_needs_an_empty_workspace),
        /* test_stats.c */
        cmocka_unit_test(test_stats_reference_parcours_exact),
        cmocka_unit_test(test_stats_reentry_parcours_exact),
        cmocka_unit_test(test_stats_need_no_key),
        cmocka_unit_test(test_stats_filters),
        cmocka_unit_test(test_stats_delay_never_negative),
        /* test_store.c */
        cmocka_unit_test(test_security_no_plaintext_at_rest),
        cmocka_unit_test(test_db_check_finds_damage),
        cmocka_unit_test(test_store_refuses_foreign_files),
    };

    if (carnet_crypto_init() != CARNET_OK) {
        (void)fputs("unit: cannot initialise libsodium\n", stderr);
        return 1;
    }
    return cmocka_run_group_tests_name("carnet_unit", tests, NULL, NULL);
}
