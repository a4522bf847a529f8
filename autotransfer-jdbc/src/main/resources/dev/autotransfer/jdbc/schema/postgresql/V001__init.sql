-- autotransfer schema V001 for PostgreSQL 15+.
-- Statements are separated by a line holding only the separator comment (docs/schema.md), so
-- function bodies need no SQL parsing.
-- No semicolon in comments: the printed script also splits at semicolons outside the $$ bodies.
-- Every instant is a timestamptz (an absolute instant, stored as UTC whatever the session TimeZone).
-- "No lease" is the sentinel 1970-01-01T00:00Z, never NULL, so the claim stays one index range.

CREATE TABLE at_schema_version (
    version      INT          NOT NULL PRIMARY KEY,
    description  VARCHAR(200) NOT NULL,
    installed_at TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP
)
-- ;;
-- This installation's id, one row (the CHECK on the constant key refuses a second): the default
-- prefix of every key the engine sends to a bank, so that two installations (a reinstall, staging
-- and production on one bank sandbox) never send the same key. The database draws it at install,
-- here and in the printed script alike, so every database that runs the script gets its own.
-- gen_random_uuid() (PostgreSQL 13+) draws from the server's strong random source, and its first 5
-- bytes are all random (the version bits come later): 10 hex digits. The application role may only
-- read it.
CREATE TABLE at_installation (
    id              SMALLINT     NOT NULL DEFAULT 1 PRIMARY KEY,
    installation_id VARCHAR(15)  NOT NULL,
    installed_at    TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT at_installation_one_row_ck CHECK (id = 1),
    CONSTRAINT at_installation_id_ck CHECK (CHAR_LENGTH(installation_id) BETWEEN 8 AND 15)
)
-- ;;
INSERT INTO at_installation (id, installation_id)
VALUES (1, encode(substring(uuid_send(gen_random_uuid()) FROM 1 FOR 5), 'hex'))
-- ;;
CREATE TABLE at_schedule (
    id                  BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_reference    VARCHAR(100) NOT NULL,
    source_bank         VARCHAR(16)  NOT NULL,
    source_account      VARCHAR(34)  NOT NULL,
    destination_bank    VARCHAR(16)  NOT NULL,
    destination_account VARCHAR(34)  NOT NULL,
    amount_minor        BIGINT       NOT NULL,
    currency            CHAR(3)      NOT NULL,
    memo                VARCHAR(100),
    priority            SMALLINT     NOT NULL,
    status              VARCHAR(16)  NOT NULL,
    start_date          DATE         NOT NULL,
    end_date            DATE,
    max_occurrences     INT,
    frequency           VARCHAR(16)  NOT NULL,
    interval_count      INT          NOT NULL DEFAULT 1,
    day_of_month        SMALLINT,
    last_day_of_month   BOOLEAN      NOT NULL DEFAULT FALSE,
    day_of_week         SMALLINT,
    time_zone           VARCHAR(64)  NOT NULL DEFAULT 'Asia/Seoul',
    business_day_rule   VARCHAR(24)  NOT NULL,
    calendar_id         VARCHAR(64),
    catch_up_policy     VARCHAR(24)  NOT NULL,
    next_due_date       DATE,
    version             BIGINT       NOT NULL DEFAULT 0,
    retry_count         INT          NOT NULL DEFAULT 0,
    last_executed_at    TIMESTAMPTZ,
    created_at          TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at          TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT at_schedule_client_reference_uq UNIQUE (client_reference),
    CONSTRAINT at_schedule_amount_ck CHECK (amount_minor > 0),
    CONSTRAINT at_schedule_priority_ck CHECK (priority IN (0, 1, 2)),
    CONSTRAINT at_schedule_status_ck CHECK (status IN ('ACTIVE', 'PAUSED', 'CANCELLED')),
    CONSTRAINT at_schedule_frequency_ck CHECK (frequency IN ('MONTHLY', 'WEEKLY', 'ONCE')),
    CONSTRAINT at_schedule_interval_ck CHECK (interval_count >= 1),
    CONSTRAINT at_schedule_day_of_month_ck CHECK (day_of_month BETWEEN 1 AND 31),
    CONSTRAINT at_schedule_day_of_week_ck CHECK (day_of_week BETWEEN 1 AND 7),
    CONSTRAINT at_schedule_max_occurrences_ck CHECK (max_occurrences >= 1),
    CONSTRAINT at_schedule_end_date_ck CHECK (end_date >= start_date),
    CONSTRAINT at_schedule_counters_ck CHECK (version >= 0 AND retry_count >= 0)
)
-- ;;
CREATE INDEX at_schedule_due_ix ON at_schedule (status, next_due_date, id)
-- ;;
CREATE TABLE at_work_item (
    id             BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    schedule_id    BIGINT      NOT NULL REFERENCES at_schedule (id),
    nominal_date   DATE        NOT NULL,
    bank_code      VARCHAR(16) NOT NULL,
    priority       SMALLINT    NOT NULL,
    kind           VARCHAR(16) NOT NULL,
    not_before     TIMESTAMPTZ NOT NULL,
    lease_until    TIMESTAMPTZ NOT NULL DEFAULT TIMESTAMPTZ '1970-01-01 00:00:00+00',
    lease_token    CHAR(36),
    lease_owner    VARCHAR(64),
    -- the later of not_before and lease_until, kept by the database so no write can forget it
    claimable_at   TIMESTAMPTZ GENERATED ALWAYS AS (GREATEST(not_before, lease_until)) STORED,
    pending_reason VARCHAR(32),
    claim_count    INT         NOT NULL DEFAULT 0,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT at_work_item_occurrence_uq UNIQUE (schedule_id, nominal_date),
    CONSTRAINT at_work_item_priority_ck CHECK (priority IN (0, 1, 2)),
    CONSTRAINT at_work_item_kind_ck CHECK (kind IN ('CURRENT', 'CATCH_UP', 'REQUEUED', 'OPEN_ATTEMPT')),
    CONSTRAINT at_work_item_lease_ck CHECK ((lease_token IS NULL) = (lease_owner IS NULL)),
    CONSTRAINT at_work_item_claim_count_ck CHECK (claim_count >= 0)
)
-- ;;
CREATE INDEX at_work_item_claim_ix ON at_work_item (bank_code, priority, claimable_at, id)
-- ;;
CREATE SEQUENCE at_history_seq
-- ;;
CREATE TABLE at_history (
    seq                     BIGINT       NOT NULL DEFAULT nextval('at_history_seq'),
    schedule_id             BIGINT       NOT NULL,
    nominal_date            DATE         NOT NULL,
    attempt                 INT,
    idempotency_key         VARCHAR(80),
    event_type              VARCHAR(16)  NOT NULL,
    occurred_at             TIMESTAMPTZ  NOT NULL,
    source_bank             VARCHAR(16),
    source_account          VARCHAR(34),
    destination_bank        VARCHAR(16),
    destination_account     VARCHAR(34),
    amount_minor            BIGINT,
    currency                CHAR(3),
    memo                    VARCHAR(100),
    request_created_at      TIMESTAMPTZ,
    external_transaction_id VARCHAR(100),
    code                    VARCHAR(64),
    detail                  VARCHAR(500),
    node_id                 VARCHAR(64),
    run_id                  BIGINT,
    -- per-attempt slot, unique with (schedule_id, nominal_date, attempt): one OPENED per attempt,
    -- shared by STARTED, SKIPPED and CANCELLED (a SKIPPED or CANCELLED takes the attempt that would
    -- come next, so it races a STARTED on one row), one final outcome (SUCCEEDED or FAILED), one
    -- DEAD_LETTERED, one REQUEUED. UNKNOWN repeats (NULL).
    key_slot                VARCHAR(16)  GENERATED ALWAYS AS (
        CASE WHEN event_type IN ('SUCCEEDED', 'FAILED') THEN 'FINAL'
             WHEN event_type IN ('STARTED', 'SKIPPED', 'CANCELLED') THEN 'OPENED'
             WHEN event_type IN ('DEAD_LETTERED', 'REQUEUED') THEN event_type END) STORED,
    -- per-occurrence slot: at most one SUCCEEDED
    occurrence_slot         VARCHAR(16)  GENERATED ALWAYS AS (
        CASE WHEN event_type = 'SUCCEEDED' THEN 'SUCCEEDED' END) STORED,
    CONSTRAINT at_history_pk PRIMARY KEY (seq, nominal_date),
    CONSTRAINT at_history_event_type_ck CHECK (event_type IN
        ('STARTED', 'UNKNOWN', 'SUCCEEDED', 'FAILED', 'DEAD_LETTERED', 'REQUEUED', 'SKIPPED', 'CANCELLED')),
    CONSTRAINT at_history_attempt_ck CHECK (attempt >= 1),
    CONSTRAINT at_history_keyed_ck CHECK (idempotency_key IS NOT NULL AND attempt IS NOT NULL),
    -- SKIPPED only ever takes attempt 1's key: an occurrence that has an attempt is never skipped
    CONSTRAINT at_history_skipped_ck CHECK (event_type <> 'SKIPPED' OR attempt = 1),
    CONSTRAINT at_history_request_ck CHECK (event_type <> 'STARTED' OR (source_bank IS NOT NULL
        AND source_account IS NOT NULL AND destination_bank IS NOT NULL AND destination_account IS NOT NULL
        AND amount_minor IS NOT NULL AND currency IS NOT NULL AND request_created_at IS NOT NULL)),
    CONSTRAINT at_history_failed_code_ck CHECK (event_type <> 'FAILED' OR code IS NOT NULL),
    CONSTRAINT at_history_amount_ck CHECK (amount_minor > 0)
) PARTITION BY RANGE (nominal_date)
-- ;;
-- the engine reasons on (schedule, nominal date, attempt): the rules hold on those numbers,
-- not on the key text derived from them
CREATE UNIQUE INDEX at_history_attempt_slot_uq ON at_history (schedule_id, nominal_date, attempt, key_slot)
-- ;;
CREATE INDEX at_history_key_ix ON at_history (idempotency_key)
-- ;;
CREATE UNIQUE INDEX at_history_occurrence_slot_uq ON at_history (schedule_id, nominal_date, occurrence_slot)
-- ;;
CREATE INDEX at_history_occurrence_ix ON at_history (schedule_id, nominal_date, seq)
-- ;;
CREATE TABLE at_dead_letter (
    id              BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    schedule_id     BIGINT       NOT NULL REFERENCES at_schedule (id),
    nominal_date    DATE         NOT NULL,
    attempt         INT          NOT NULL,
    idempotency_key VARCHAR(80)  NOT NULL,
    kind            VARCHAR(16)  NOT NULL,
    code            VARCHAR(64),
    detail          VARCHAR(500),
    status          VARCHAR(24)  NOT NULL DEFAULT 'OPEN',
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    resolved_by     VARCHAR(100),
    resolved_at     TIMESTAMPTZ,
    version         BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT at_dead_letter_key_kind_uq UNIQUE (idempotency_key, kind),
    CONSTRAINT at_dead_letter_kind_ck CHECK (kind IN ('EXHAUSTED', 'UNRESOLVED')),
    CONSTRAINT at_dead_letter_status_ck CHECK (status IN ('OPEN', 'REQUEUED', 'CONFIRMED_NOT_EXECUTED', 'RESOLVED')),
    CONSTRAINT at_dead_letter_attempt_ck CHECK (attempt >= 1)
)
-- ;;
CREATE INDEX at_dead_letter_status_ix ON at_dead_letter (status, created_at, id)
-- ;;
CREATE INDEX at_dead_letter_occurrence_ix ON at_dead_letter (schedule_id, nominal_date)
-- ;;
CREATE TABLE at_run (
    id               BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    business_date    DATE        NOT NULL,
    status           VARCHAR(16) NOT NULL,
    stage            INT         NOT NULL DEFAULT 0,
    started_at       TIMESTAMPTZ NOT NULL,
    ended_at         TIMESTAMPTZ,
    last_progress_at TIMESTAMPTZ,
    planned          BIGINT      NOT NULL DEFAULT 0,
    stage_started_at TIMESTAMPTZ NOT NULL,
    sends_reserved   BIGINT      NOT NULL DEFAULT 0,
    evaluated_from   TIMESTAMPTZ NOT NULL,
    stopped_at       TIMESTAMPTZ,
    stop_reason      VARCHAR(500),
    processed        BIGINT      NOT NULL DEFAULT 0,
    succeeded        BIGINT      NOT NULL DEFAULT 0,
    failed           BIGINT      NOT NULL DEFAULT 0,
    CONSTRAINT at_run_business_date_uq UNIQUE (business_date),
    CONSTRAINT at_run_status_ck CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED', 'STOPPED')),
    CONSTRAINT at_run_counts_ck CHECK (planned >= 0 AND processed >= 0 AND succeeded >= 0 AND failed >= 0),
    CONSTRAINT at_run_rollout_ck CHECK (stage >= 0 AND sends_reserved >= 0)
)
-- ;;
CREATE TABLE at_run_node (
    run_id       BIGINT      NOT NULL REFERENCES at_run (id),
    node_id      VARCHAR(64) NOT NULL,
    status       VARCHAR(16) NOT NULL,
    started_at   TIMESTAMPTZ NOT NULL,
    heartbeat_at TIMESTAMPTZ NOT NULL,
    processed    BIGINT      NOT NULL DEFAULT 0,
    succeeded    BIGINT      NOT NULL DEFAULT 0,
    failed       BIGINT      NOT NULL DEFAULT 0,
    CONSTRAINT at_run_node_pk PRIMARY KEY (run_id, node_id),
    CONSTRAINT at_run_node_status_ck CHECK (status IN ('ACTIVE', 'STOPPED', 'LOST')),
    CONSTRAINT at_run_node_counts_ck CHECK (processed >= 0 AND succeeded >= 0 AND failed >= 0)
)
-- ;;
-- outcomes each node counted between two heartbeats, summed over a window to judge the run's
-- failure rate (gradual rollout): operational data, not history
CREATE TABLE at_run_sample (
    id          BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id      BIGINT      NOT NULL REFERENCES at_run (id),
    node_id     VARCHAR(64) NOT NULL,
    sampled_at  TIMESTAMPTZ NOT NULL,
    outcomes    BIGINT      NOT NULL,
    failures    BIGINT      NOT NULL,
    CONSTRAINT at_run_sample_counts_ck CHECK (outcomes >= 0 AND failures >= 0 AND failures <= outcomes)
)
-- ;;
CREATE INDEX at_run_sample_run_ix ON at_run_sample (run_id, sampled_at)
-- ;;
CREATE SEQUENCE at_audit_log_seq
-- ;;
-- alarms the engine raised (AlarmRecorder): no foreign keys, so an alarm outlives what it names
CREATE TABLE at_alarm (
    id           BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at  TIMESTAMPTZ  NOT NULL,
    kind         VARCHAR(32)  NOT NULL,
    bank_code    VARCHAR(16),
    schedule_id  BIGINT,
    nominal_date DATE,
    detail       VARCHAR(500) NOT NULL,
    node_id      VARCHAR(64),
    run_id       BIGINT
)
-- ;;
CREATE INDEX at_alarm_time_ix ON at_alarm (occurred_at, id)
-- ;;
CREATE TABLE at_audit_log (
    seq         BIGINT       NOT NULL DEFAULT nextval('at_audit_log_seq') PRIMARY KEY,
    occurred_at TIMESTAMPTZ  NOT NULL,
    actor       VARCHAR(100) NOT NULL,
    client_ip   VARCHAR(45),
    entity_type VARCHAR(32)  NOT NULL,
    entity_id   VARCHAR(64)  NOT NULL,
    action      VARCHAR(32)  NOT NULL,
    -- text, not jsonb: the relay forwards exactly what was written
    before_json TEXT,
    after_json  TEXT
)
-- ;;
CREATE INDEX at_audit_log_entity_ix ON at_audit_log (entity_type, entity_id, seq)
-- ;;
CREATE TABLE at_audit_relay (
    sink_name        VARCHAR(64) NOT NULL PRIMARY KEY,
    last_relayed_seq BIGINT      NOT NULL DEFAULT 0,
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
)
-- ;;
CREATE FUNCTION at_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$
-- ;;
-- row triggers on a partitioned parent are cloned to every partition, present and future
CREATE TRIGGER at_history_append_only BEFORE UPDATE OR DELETE ON at_history
    FOR EACH ROW EXECUTE FUNCTION at_refuse_change()
-- ;;
-- fires for TRUNCATE of the parent only. A single partition is protected by grants
CREATE TRIGGER at_history_no_truncate BEFORE TRUNCATE ON at_history
    FOR EACH STATEMENT EXECUTE FUNCTION at_refuse_change()
-- ;;
CREATE TRIGGER at_audit_log_append_only BEFORE UPDATE OR DELETE ON at_audit_log
    FOR EACH ROW EXECUTE FUNCTION at_refuse_change()
-- ;;
CREATE TRIGGER at_audit_log_no_truncate BEFORE TRUNCATE ON at_audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION at_refuse_change()
-- ;;
-- The ledger of internal accounts (docs/ledger.md). A customer has one MAIN account and any number of
-- SAVINGS accounts, each with a running posted balance and the sum of its PENDING holds. The CHECK
-- refuses an available balance (posted minus held) below zero, so a conditional UPDATE that the
-- engine gets wrong still cannot overdraw. A SYSTEM account (one clearing account per currency,
-- the counterpart of money from and to other banks) keeps no running balance: every deposit would
-- update its one row and serialize the fleet on it. Its balance is the sum of its entries.
CREATE TABLE at_customer (
    id                     BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_reference       VARCHAR(100) NOT NULL,
    time_zone              VARCHAR(64)  NOT NULL,
    currency               CHAR(3)      NOT NULL,
    daily_pull_limit_minor BIGINT       NOT NULL,
    linked_bank            VARCHAR(16)  NOT NULL,
    linked_account         VARCHAR(34)  NOT NULL,
    main_account_id        BIGINT,
    version                BIGINT       NOT NULL DEFAULT 0,
    lock_fence             BIGINT       NOT NULL DEFAULT 0,
    created_at             TIMESTAMPTZ  NOT NULL,
    CONSTRAINT at_customer_client_reference_uq UNIQUE (client_reference),
    CONSTRAINT at_customer_limit_ck CHECK (daily_pull_limit_minor >= 0)
)
-- ;;
CREATE TABLE at_account (
    id           BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id  BIGINT      REFERENCES at_customer (id),
    kind         VARCHAR(16) NOT NULL,
    system_key   VARCHAR(32),
    name         VARCHAR(64) NOT NULL,
    currency     CHAR(3)     NOT NULL,
    posted_minor BIGINT      NOT NULL DEFAULT 0,
    held_minor   BIGINT      NOT NULL DEFAULT 0,
    version      BIGINT      NOT NULL DEFAULT 0,
    created_at   TIMESTAMPTZ NOT NULL,
    CONSTRAINT at_account_system_key_uq UNIQUE (system_key),
    CONSTRAINT at_account_kind_ck CHECK (kind IN ('MAIN', 'SAVINGS', 'SYSTEM')),
    CONSTRAINT at_account_owner_ck CHECK ((kind = 'SYSTEM') = (customer_id IS NULL)
        AND (kind = 'SYSTEM') = (system_key IS NOT NULL)),
    CONSTRAINT at_account_available_ck CHECK (held_minor >= 0 AND posted_minor - held_minor >= 0)
)
-- ;;
CREATE INDEX at_account_customer_ix ON at_account (customer_id, id)
-- ;;
ALTER TABLE at_customer ADD CONSTRAINT at_customer_main_account_fk FOREIGN KEY (main_account_id)
    REFERENCES at_account (id)
-- ;;
CREATE TABLE at_movement (
    id                BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference         VARCHAR(120) NOT NULL,
    kind              VARCHAR(16)  NOT NULL,
    debit_account_id  BIGINT       NOT NULL REFERENCES at_account (id),
    credit_account_id BIGINT       NOT NULL REFERENCES at_account (id),
    amount_minor      BIGINT       NOT NULL,
    currency          CHAR(3)      NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL,
    CONSTRAINT at_movement_reference_uq UNIQUE (reference),
    CONSTRAINT at_movement_kind_ck CHECK (kind IN ('DEPOSIT', 'WITHDRAWAL', 'MOVE', 'PAYMENT', 'TOP_UP')),
    CONSTRAINT at_movement_amount_ck CHECK (amount_minor > 0),
    CONSTRAINT at_movement_accounts_ck CHECK (debit_account_id <> credit_account_id)
)
-- ;;
CREATE TABLE at_ledger_entry (
    id           BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    movement_id  BIGINT      NOT NULL REFERENCES at_movement (id),
    account_id   BIGINT      NOT NULL REFERENCES at_account (id),
    amount_minor BIGINT      NOT NULL,
    currency     CHAR(3)     NOT NULL,
    CONSTRAINT at_ledger_entry_leg_uq UNIQUE (movement_id, account_id),
    CONSTRAINT at_ledger_entry_amount_ck CHECK (amount_minor <> 0)
)
-- ;;
CREATE INDEX at_ledger_entry_account_ix ON at_ledger_entry (account_id, id)
-- ;;
CREATE TABLE at_hold (
    id           BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference    VARCHAR(120) NOT NULL,
    account_id   BIGINT       NOT NULL REFERENCES at_account (id),
    amount_minor BIGINT       NOT NULL,
    currency     CHAR(3)      NOT NULL,
    status       VARCHAR(16)  NOT NULL,
    movement_id  BIGINT       REFERENCES at_movement (id),
    created_at   TIMESTAMPTZ  NOT NULL,
    settled_at   TIMESTAMPTZ,
    CONSTRAINT at_hold_reference_uq UNIQUE (reference),
    CONSTRAINT at_hold_status_ck CHECK (status IN ('PENDING', 'POSTED', 'VOIDED')),
    CONSTRAINT at_hold_amount_ck CHECK (amount_minor > 0),
    CONSTRAINT at_hold_posted_ck CHECK (status = 'POSTED' OR movement_id IS NULL)
)
-- ;;
CREATE TABLE at_pull (
    id                  BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference           VARCHAR(120) NOT NULL,
    customer_id         BIGINT       NOT NULL REFERENCES at_customer (id),
    account_id          BIGINT       NOT NULL REFERENCES at_account (id),
    amount_minor        BIGINT       NOT NULL,
    currency            CHAR(3)      NOT NULL,
    business_date       DATE         NOT NULL,
    status              VARCHAR(16)  NOT NULL,
    idempotency_key     VARCHAR(80),
    bank_transaction_id VARCHAR(128),
    code                VARCHAR(64),
    sends               INT          NOT NULL DEFAULT 0,
    movement_id         BIGINT       REFERENCES at_movement (id),
    created_at          TIMESTAMPTZ  NOT NULL,
    settled_at          TIMESTAMPTZ,
    CONSTRAINT at_pull_reference_uq UNIQUE (reference),
    CONSTRAINT at_pull_key_uq UNIQUE (idempotency_key),
    CONSTRAINT at_pull_status_ck CHECK (status IN ('PENDING', 'COMPLETE', 'FAILED')),
    CONSTRAINT at_pull_amount_ck CHECK (amount_minor > 0),
    CONSTRAINT at_pull_complete_ck CHECK ((status = 'COMPLETE') = (movement_id IS NOT NULL))
)
-- ;;
CREATE INDEX at_pull_day_ix ON at_pull (customer_id, business_date, status)
-- ;;
CREATE INDEX at_pull_pending_ix ON at_pull (status, id)
-- ;;
CREATE TABLE at_ledger_transfer (
    id                      BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    idempotency_key         VARCHAR(80)  NOT NULL,
    source_account_id       BIGINT       NOT NULL,
    destination_bank        VARCHAR(16)  NOT NULL,
    destination_account     VARCHAR(34)  NOT NULL,
    amount_minor            BIGINT       NOT NULL,
    currency                CHAR(3)      NOT NULL,
    memo                    VARCHAR(100) NOT NULL,
    request_created_at      TIMESTAMPTZ NOT NULL,
    status                  VARCHAR(16)  NOT NULL,
    code                    VARCHAR(64),
    code_kind               VARCHAR(16),
    retryable               BOOLEAN,
    message                 VARCHAR(300),
    pull_id                 BIGINT       REFERENCES at_pull (id),
    held                    BOOLEAN      NOT NULL DEFAULT FALSE,
    movement_id             BIGINT       REFERENCES at_movement (id),
    external_transaction_id VARCHAR(128),
    created_at              TIMESTAMPTZ  NOT NULL,
    settled_at              TIMESTAMPTZ,
    CONSTRAINT at_ledger_transfer_key_uq UNIQUE (idempotency_key),
    CONSTRAINT at_ledger_transfer_status_ck CHECK (status IN ('OPEN', 'EXECUTED', 'REFUSED')),
    CONSTRAINT at_ledger_transfer_amount_ck CHECK (amount_minor > 0),
    CONSTRAINT at_ledger_transfer_refused_ck CHECK ((status = 'REFUSED') = (code IS NOT NULL))
)
-- ;;
CREATE TRIGGER at_movement_append_only BEFORE UPDATE OR DELETE ON at_movement
    FOR EACH ROW EXECUTE FUNCTION at_refuse_change()
-- ;;
CREATE TRIGGER at_movement_no_truncate BEFORE TRUNCATE ON at_movement
    FOR EACH STATEMENT EXECUTE FUNCTION at_refuse_change()
-- ;;
CREATE TRIGGER at_ledger_entry_append_only BEFORE UPDATE OR DELETE ON at_ledger_entry
    FOR EACH ROW EXECUTE FUNCTION at_refuse_change()
-- ;;
CREATE TRIGGER at_ledger_entry_no_truncate BEFORE TRUNCATE ON at_ledger_entry
    FOR EACH STATEMENT EXECUTE FUNCTION at_refuse_change()
