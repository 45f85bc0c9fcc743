//! Runs every conformance test against every backend: SQLite always, PostgreSQL when a server answers
//! (and always under `AYUDA_TEST_STRICT=1`, as in CI).

/// `conformance!(a, b)` makes `sqlite::a`, `sqlite::b`, `postgres::a` and `postgres::b`, each running the
/// suite function of that name on a fresh store of its own.
macro_rules! conformance {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let test = ayuda_store_tests::harness::sqlite().await;
                    ayuda_store_tests::suite::$name(std::sync::Arc::clone(&test.store)).await;
                }
            )+
        }

        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(test) = ayuda_store_tests::harness::postgres().await else {
                        return;
                    };
                    ayuda_store_tests::suite::$name(std::sync::Arc::clone(&test.store)).await;
                }
            )+
        }
    };
}

conformance!(
    // Email.
    an_email_opening_a_ticket_is_recorded_with_it_once,
    an_email_joining_a_ticket_is_written_with_the_ticket_or_not_at_all,
    quarantined_emails_are_listed_and_a_retry_replaces_the_record,
    an_imap_message_fetched_twice_is_a_duplicate,
    bounces_are_remembered_per_address,
    mailboxes_round_trip_with_unique_names,
    the_first_value_of_a_setting_holds,
    the_outbox_hands_each_due_mail_to_one_sender,
    a_rules_mail_keeps_its_text_and_is_counted_as_automatic,
    automatic_mail_is_counted_per_recipient_and_ticket_up_to_a_cap,
    an_attachment_is_found_with_its_ticket_and_message,
    // Insight.
    categories_are_kept_replaced_listed_and_filed_under,
    a_tickets_counts_follow_its_history,
    a_solved_ticket_is_surveyed_once_and_rated_once,
    // Reports.
    a_days_tickets_are_packed_into_its_segment_as_they_stand,
    // The knowledge base.
    an_article_keeps_every_version_of_each_translation,
    articles_are_listed_by_category_visibility_and_status,
    article_counters_training_and_uses_are_recorded,
    announcements_are_acknowledged_once_per_agent,
    searches_that_found_nothing_are_counted,
    // Search.
    words_are_found_by_stem_and_without_accents_in_three_languages,
    a_customer_finds_public_articles_and_their_own_public_messages_only,
    terms_near_a_typo_are_found_through_their_neighbours,
    a_rebuilt_index_finds_what_the_live_one_found,
    a_subject_about_the_words_outranks_a_long_message_that_mentions_them,
    // Service levels.
    calendars_and_sla_policies_are_kept_replaced_and_refused,
    sla_clocks_are_kept_with_the_ticket_and_due_alerts_are_found,
    each_notification_is_settled_for_mail_once_with_its_digest,
    // Triggers.
    triggers_are_kept_replaced_listed_in_order_and_refused,
    timed_rules_are_kept_replaced_listed_in_order_and_refused,
    webhook_calls_are_queued_with_their_ticket_and_taken_once,
    macros_are_kept_replaced_listed_by_name_and_refused,
    // Routing.
    group_setups_and_agent_availability_are_kept_and_refused,
    a_routing_round_counts_open_tickets_and_a_routed_write_claims_its_turn,
    // Collision detection.
    presences_on_a_ticket_are_renewed_replaced_left_and_pruned,
    // The customer portal.
    a_customer_password_is_set_replaced_and_read_back,
    a_sign_in_link_is_queued_with_its_mail_and_works_once,
    an_expired_sign_in_link_does_not_work,
    two_uses_of_one_sign_in_link_at_once_let_one_in,
    an_agent_sees_their_own_saved_views_and_the_shared_ones,
    agent_preferences_default_to_nothing_and_are_replaced_whole,
    canned_responses_keep_one_version_per_language_and_name,
    // Creating and reading tickets.
    create_ticket_stores_the_ticket_its_first_message_and_history,
    get_ticket_round_trips_every_field,
    get_ticket_by_number_finds_each_ticket,
    unknown_ids_read_as_none,
    new_requester_with_a_known_identity_reuses_that_contact,
    new_requester_at_an_organization_domain_joins_it,
    existing_requester_gives_the_ticket_its_organization,
    unknown_references_are_refused_and_nothing_is_written,
    create_ticket_failing_late_writes_nothing,
    ticket_numbers_are_gapless_under_concurrency,
    create_tickets_is_all_or_nothing,
    create_tickets_reuses_a_requester_created_earlier_in_the_batch,
    concurrent_new_requesters_with_one_address_share_one_contact,
    // Changing tickets.
    write_ticket_stores_changes_message_and_history_together,
    write_ticket_with_a_stale_version_conflicts_and_writes_nothing,
    write_ticket_failing_late_writes_nothing,
    write_ticket_of_an_unknown_ticket_is_not_found,
    write_ticket_refuses_unknown_group_or_assignee_and_writes_nothing,
    concurrent_writes_of_one_version_let_exactly_one_win,
    // Ticket lists.
    list_tickets_filters_by_statuses,
    list_tickets_filters_by_priority,
    list_tickets_filters_by_group_and_assignee,
    list_tickets_filters_unassigned_and_by_groups_or_none,
    list_tickets_filters_by_requester_and_organization,
    list_tickets_filters_by_tag,
    list_tickets_filters_by_channel,
    list_tickets_filters_by_updated_since_inclusively,
    list_tickets_combines_filters,
    list_tickets_orders_by_update_time_then_id_both_ways,
    list_tickets_pages_visit_every_ticket_exactly_once,
    list_tickets_after_a_cursor_starts_strictly_after_it,
    list_tickets_returns_exactly_the_tickets_in_scope,
    agent_scope_sees_its_groups_triage_and_its_own_assignments,
    customer_scope_sees_own_tickets_and_shared_organization_tickets,
    administrators_and_supervisors_see_every_ticket,
    // Messages and history.
    list_messages_pages_oldest_first_and_hides_internal_ones,
    list_events_pages_oldest_first_and_hides_internal_message_events,
    // Contacts and organizations.
    contacts_round_trip_and_are_found_by_each_identity,
    duplicate_contact_identities_are_refused,
    created_contact_at_an_organization_domain_joins_it,
    update_contact_replaces_fields_and_identities,
    list_contacts_pages_by_organization_in_id_order,
    organizations_round_trip_and_refuse_taken_domains,
    update_organization_replaces_fields_and_domains,
    list_organizations_pages_in_id_order,
    // Groups, agents and custom fields.
    group_names_are_unique_case_insensitively,
    list_groups_pages_in_id_order,
    agents_round_trip_with_groups_and_password_hash,
    agent_emails_are_unique_case_insensitively,
    non_ascii_letters_are_folded_for_uniqueness_and_lookup,
    update_agent_replaces_groups_and_keeps_the_password,
    list_agents_pages_in_id_order,
    field_keys_are_unique_per_entity,
    updating_unknown_records_is_not_found,
    // Tokens and idempotency keys.
    ping_answers,
    tokens_are_found_by_secret_hash_and_revoked_once,
    idempotency_key_is_claimed_then_replayed,
    released_idempotency_key_can_be_claimed_again,
    stale_idempotency_claim_is_taken_over,
    idempotency_key_is_claimed_by_exactly_one_of_many,
);
