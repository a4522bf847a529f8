-- autotransfer schema V001 for MariaDB 10.11+ (MySQL 8 follows this dialect).
-- Statements are separated by a line holding only the separator comment (docs/schema.md).
-- No semicolon anywhere inside a statement, not even in a comment: the printed script also splits at semicolons.
-- Every instant is a DATETIME(6) holding UTC (never TIMESTAMP, which converts through the session
-- time zone and ends in 2038). The library binds and reads them as UTC.
-- "No lease" is the sentinel 1970-01-01 00:00:00, never NULL, so the claim stays one index range.
-- utf8mb4_bin everywhere: keys and references compare case-sensitively, as on PostgreSQL and H2.

CREATE TABLE at_schema_version (
    version      INT          NOT NULL PRIMARY KEY,
    description  VARCHAR(200) NOT NULL,
    installed_at DATETIME(6)  NOT NULL DEFAULT UTC_TIMESTAMP(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
-- ;;
-- This installation's id, one row (the CHECK on the constant key refuses a second): the default
-- prefix of every key the engine sends to a bank, so that two installations (a reinstall, staging
-- and production on one bank sandbox) never send the same key. The database draws it at install,
-- here and in the printed script alike, so every database that runs the script gets its own.
-- RANDOM_BYTES (MariaDB 10.10+, MySQL 5.6+) draws from the server's SSL library's random source. 5
-- bytes as 10 hex digits. The application role may only read it.
CREATE TABLE at_installation (
    id              SMALLINT     NOT NULL DEFAULT 1 PRIMARY KEY,
    installation_id VARCHAR(15)  NOT NULL,
    installed_at    DATETIME(6)  NOT NULL DEFAULT UTC_TIMESTAMP(6),
    CONSTRAINT at_installation_one_row_ck CHECK (id = 1),
    CONSTRAINT at_installation_id_ck CHECK (CHAR_LENGTH(installation_id) BETWEEN 8 AND 15)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
-- ;;
INSERT INTO at_installation (id, installation_id) VALUES (1, LOWER(HEX(RANDOM_BYTES(5))))
-- ;;
CREATE TABLE at_schedule (
    id                  BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
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
    last_executed_at    DATETIME(6),
    created_at          DATETIME(6)  NOT NULL DEFAULT UTC_TIMESTAMP(6),
    updated_at          DATETIME(6)  NOT NULL DEFAULT UTC_TIMESTAMP(6),
    CONSTRAINT at_schedule_client_reference_uq UNIQUE (client_reference),
    INDEX at_schedule_due_ix (status, next_due_date, id),
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
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
-- ;;
CREATE TABLE at_work_item (
    id             BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    schedule_id    BIGINT      NOT NULL,
    nominal_date   DATE        NOT NULL,
    bank_code      VARCHAR(16) NOT NULL,
    priority       SMALLINT    NOT NULL,
    kind           VARCHAR(16) NOT NULL,
    not_before     DATETIME(6) NOT NULL,
    lease_until    DATETIME(6) NOT NULL DEFAULT '1970-01-01 00:00:00',
    lease_token    CHAR(36),
    lease_owner    VARCHAR(64),
    -- the later of not_before and lease_until, kept by the database so no write can forget it
    claimable_at   DATETIME(6) GENERATED ALWAYS AS (GREATEST(not_before, lease_until)) STORED,
    pending_reason VARCHAR(32),
    claim_count    INT         NOT NULL DEFAULT 0,
    created_at     DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
    updated_at     DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
    CONSTRAINT at_work_item_occurrence_uq UNIQUE (schedule_id, nominal_date),
    -- InnoDB skips locked rows correctly only when one index serves the filter and the ORDER BY
    -- without a sort: equality on (bank_code, priority), then the range and order on (claimable_at, id)
    INDEX at_work_item_claim_ix (bank_code, priority, claimable_at, id),
    CONSTRAINT at_work_item_schedule_fk FOREIGN KEY (schedule_id) REFERENCES at_schedule (id),
    CONSTRAINT at_work_item_priority_ck CHECK (priority IN (0, 1, 2)),
    CONSTRAINT at_work_item_kind_ck CHECK (kind IN ('CURRENT', 'CATCH_UP', 'REQUEUED', 'OPEN_ATTEMPT')),
    CONSTRAINT at_work_item_lease_ck CHECK ((lease_token IS NULL) = (lease_owner IS NULL)),
    CONSTRAINT at_work_item_claim_count_ck CHECK (claim_count >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
-- ;;
-- Partitioned tables take no foreign keys and no partial indexes: the uniqueness rules are
-- unique keys over stored generated columns, each including the partition column.
CREATE TABLE at_history (
    seq                     BIGINT       NOT NULL AUTO_INCREMENT,
    schedule_id             BIGINT       NOT NULL,
    nominal_date            DATE         NOT NULL,
    attempt                 INT,
    idempotency_key         VARCHAR(80),
    event_type              VARCHAR(16)  NOT NULL,
    occurred_at             DATETIME(6)  NOT NULL,
    source_bank             VARCHAR(16),
    source_account          VARCHAR(34),
    destination_bank        VARCHAR(16),
    destination_account     VARCHAR(34),
    amount_minor            BIGINT,
    currency                CHAR(3),
    memo                    VARCHAR(100),
    request_created_at      DATETIME(6),
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
    PRIMARY KEY (seq, nominal_date),
    -- the engine reasons on (schedule, nominal date, attempt): the rules hold on those numbers,
    -- not on the key text derived from them
    UNIQUE KEY at_history_attempt_slot_uq (schedule_id, nominal_date, attempt, key_slot),
    UNIQUE KEY at_history_occurrence_slot_uq (schedule_id, nominal_date, occurrence_slot),
    INDEX at_history_occurrence_ix (schedule_id, nominal_date, seq),
    INDEX at_history_key_ix (idempotency_key),
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
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
PARTITION BY RANGE COLUMNS (nominal_date) (
    -- the oldest range: everything before the first monthly partition. It never needs moving
    PARTITION ${partition} VALUES LESS THAN ('${to}')
)
-- ;;
CREATE TABLE at_dead_letter (
    id              BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    schedule_id     BIGINT       NOT NULL,
    nominal_date    DATE         NOT NULL,
    attempt         INT          NOT NULL,
    idempotency_key VARCHAR(80)  NOT NULL,
    kind            VARCHAR(16)  NOT NULL,
    code            VARCHAR(64),
    detail          VARCHAR(500),
    status          VARCHAR(24)  NOT NULL DEFAULT 'OPEN',
    created_at      DATETIME(6)  NOT NULL DEFAULT UTC_TIMESTAMP(6),
    resolved_by     VARCHAR(100),
    resolved_at     DATETIME(6),
    version         BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT at_dead_letter_key_kind_uq UNIQUE (idempotency_key, kind),
    INDEX at_dead_letter_status_ix (status, created_at, id),
    INDEX at_dead_letter_occurrence_ix (schedule_id, nominal_date),
    CONSTRAINT at_dead_letter_schedule_fk FOREIGN KEY (schedule_id) REFERENCES at_schedule (id),
    CONSTRAINT at_dead_letter_kind_ck CHECK (kind IN ('EXHAUSTED', 'UNRESOLVED')),
    CONSTRAINT at_dead_letter_status_ck CHECK (status IN ('OPEN', 'REQUEUED', 'CONFIRMED_NOT_EXECUTED', 'RESOLVED')),
    CONSTRAINT at_dead_letter_attempt_ck CHECK (attempt >= 1)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
-- ;;
CREATE TABLE at_run (
    id               BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    business_date    DATE        NOT NULL,
    status           VARCHAR(16) NOT NULL,
    stage            INT         NOT NULL DEFAULT 0,
    started_at       DATETIME(6) NOT NULL,
    ended_at         DATETIME(6),
    last_progress_at DATETIME(6),
    planned          BIGINT      NOT NULL DEFAULT 0,
    stage_started_at DATETIME(6) NOT NULL,
    sends_reserved   BIGINT      NOT NULL DEFAULT 0,
    evaluated_from   DATETIME(6) NOT NULL,
    stopped_at       DATETIME(6),
    stop_reason      VARCHAR(500),
    processed        BIGINT      NOT NULL DEFAULT 0,
    succeeded        BIGINT      NOT NULL DEFAULT 0,
    failed           BIGINT      NOT NULL DEFAULT 0,
    CONSTRAINT at_run_business_date_uq UNIQUE (business_date),
    CONSTRAINT at_run_status_ck CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED', 'STOPPED')),
    CONSTRAINT at_run_counts_ck CHECK (planned >= 0 AND processed >= 0 AND succeeded >= 0 AND failed >= 0),
    CONSTRAINT at_run_rollout_ck CHECK (stage >= 0 AND sends_reserved >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
-- ;;
CREATE TABLE at_run_node (
    run_id       BIGINT      NOT NULL,
    node_id      VARCHAR(64) NOT NULL,
    status       VARCHAR(16) NOT NULL,
    started_at   DATETIME(6) NOT NULL,
    heartbeat_at DATETIME(6) NOT NULL,
    processed    BIGINT      NOT NULL DEFAULT 0,
    succeeded    BIGINT      NOT NULL DEFAULT 0,
    failed       BIGINT      NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, node_id),
    CONSTRAINT at_run_node_run_fk FOREIGN KEY (run_id) REFERENCES at_run (id),
    CONSTRAINT at_run_node_status_ck CHECK (status IN ('ACTIVE', 'STOPPED', 'LOST')),
    CONSTRAINT at_run_node_counts_ck CHECK (processed >= 0 AND succeeded >= 0 AND failed >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
-- ;;
-- outcomes each node counted between two heartbeats, summed over a window to judge the run's
-- failure rate (gradual rollout): operational data, not history
CREATE TABLE at_run_sample (
    id          BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    run_id      BIGINT      NOT NULL,
    node_id     VARCHAR(64) NOT NULL,
    sampled_at  DATETIME(6) NOT NULL,
    outcomes    BIGINT      NOT NULL,
    failures    BIGINT      NOT NULL,
    CONSTRAINT at_run_sample_run_fk FOREIGN KEY (run_id) REFERENCES at_run (id),
    CONSTRAINT at_run_sample_counts_ck CHECK (outcomes >= 0 AND failures >= 0 AND failures <= outcomes)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
-- ;;
CREATE INDEX at_run_sample_run_ix ON at_run_sample (run_id, sampled_at)
-- ;;
-- alarms the engine raised (AlarmRecorder): no foreign keys, so an alarm outlives what it names
CREATE TABLE at_alarm (
    id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    occurred_at  DATETIME(6)  NOT NULL,
    kind         VARCHAR(32)  NOT NULL,
    bank_code    VARCHAR(16),
    schedule_id  BIGINT,
    nominal_date DATE,
    detail       VARCHAR(500) NOT NULL,
    node_id      VARCHAR(64),
    run_id       BIGINT,
    INDEX at_alarm_time_ix (occurred_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
-- ;;
CREATE TABLE at_audit_log (
    seq         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    occurred_at DATETIME(6)  NOT NULL,
    actor       VARCHAR(100) NOT NULL,
    client_ip   VARCHAR(45),
    entity_type VARCHAR(32)  NOT NULL,
    entity_id   VARCHAR(64)  NOT NULL,
    action      VARCHAR(32)  NOT NULL,
    -- LONGTEXT, not JSON: the relay forwards exactly what was written
    before_json LONGTEXT,
    after_json  LONGTEXT,
    INDEX at_audit_log_entity_ix (entity_type, entity_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
-- ;;
CREATE TABLE at_audit_relay (
    sink_name        VARCHAR(64) NOT NULL PRIMARY KEY,
    last_relayed_seq BIGINT      NOT NULL DEFAULT 0,
    updated_at       DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
-- ;;
-- TRUNCATE fires no trigger in MariaDB: the application role is refused it by grants (no DROP).
CREATE TRIGGER at_history_no_update BEFORE UPDATE ON at_history FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'at_history is append-only: UPDATE refused'
-- ;;
CREATE TRIGGER at_history_no_delete BEFORE DELETE ON at_history FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'at_history is append-only: DELETE refused'
-- ;;
CREATE TRIGGER at_audit_log_no_update BEFORE UPDATE ON at_audit_log FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'at_audit_log is append-only: UPDATE refused'
-- ;;
CREATE TRIGGER at_audit_log_no_delete BEFORE DELETE ON at_audit_log FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'at_audit_log is append-only: DELETE refused'
-- ;;
-- The ledger of internal accounts (docs/ledger.md). A customer has one MAIN account and any number of
-- SAVINGS accounts, each with a running posted balance and the sum of its PENDING holds. The CHECK
-- refuses an available balance (posted minus held) below zero, so a conditional UPDATE that the
-- engine gets wrong still cannot overdraw. A SYSTEM account (one clearing account per currency,
-- the counterpart of money from and to other banks) keeps no running balance: every deposit would
-- update its one row and serialize the fleet on it. Its balance is the sum of its entries.
CREATE TABLE at_customer (
    id                     BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    client_reference       VARCHAR(100) NOT NULL,
    time_zone              VARCHAR(64)  NOT NULL,
    currency               CHAR(3)      NOT NULL,
    daily_pull_limit_minor BIGINT       NOT NULL,
    linked_bank            VARCHAR(16)  NOT NULL,
    linked_account         VARCHAR(34)  NOT NULL,
    main_account_id        BIGINT,
    version                BIGINT       NOT NULL DEFAULT 0,
    lock_fence             BIGINT       NOT NULL DEFAULT 0,
    created_at             DATETIME(6)  NOT NULL,
    CONSTRAINT at_customer_client_reference_uq UNIQUE (client_reference),
    CONSTRAINT at_customer_limit_ck CHECK (daily_pull_limit_minor >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
-- ;;
CREATE TABLE at_account (
    id           BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    customer_id  BIGINT      NULL,
    kind         VARCHAR(16) NOT NULL,
    system_key   VARCHAR(32),
    name         VARCHAR(64) NOT NULL,
    currency     CHAR(3)     NOT NULL,
    posted_minor BIGINT      NOT NULL DEFAULT 0,
    held_minor   BIGINT      NOT NULL DEFAULT 0,
    version      BIGINT      NOT NULL DEFAULT 0,
    created_at   DATETIME(6) NOT NULL,
    CONSTRAINT at_account_system_key_uq UNIQUE (system_key),
    CONSTRAINT at_account_kind_ck CHECK (kind IN ('MAIN', 'SAVINGS', 'SYSTEM')),
    CONSTRAINT at_account_owner_ck CHECK ((kind = 'SYSTEM') = (customer_id IS NULL)
        AND (kind = 'SYSTEM') = (system_key IS NOT NULL)),
    CONSTRAINT at_account_available_ck CHECK (held_minor >= 0 AND posted_minor - held_minor >= 0),
    CONSTRAINT at_account_customer_fk FOREIGN KEY (customer_id) REFERENCES at_customer (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
-- ;;
CREATE INDEX at_account_customer_ix ON at_account (customer_id, id)
-- ;;
ALTER TABLE at_customer ADD CONSTRAINT at_customer_main_account_fk FOREIGN KEY (main_account_id)
    REFERENCES at_account (id)
-- ;;
CREATE TABLE at_movement (
    id                BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    reference         VARCHAR(120) NOT NULL,
    kind              VARCHAR(16)  NOT NULL,
    debit_account_id  BIGINT       NOT NULL,
    credit_account_id BIGINT       NOT NULL,
    amount_minor      BIGINT       NOT NULL,
    currency          CHAR(3)      NOT NULL,
    created_at        DATETIME(6)  NOT NULL,
    CONSTRAINT at_movement_reference_uq UNIQUE (reference),
    CONSTRAINT at_movement_kind_ck CHECK (kind IN ('DEPOSIT', 'WITHDRAWAL', 'MOVE', 'PAYMENT', 'TOP_UP')),
    CONSTRAINT at_movement_amount_ck CHECK (amount_minor > 0),
    CONSTRAINT at_movement_accounts_ck CHECK (debit_account_id <> credit_account_id),
    CONSTRAINT at_movement_debit_account_fk FOREIGN KEY (debit_account_id) REFERENCES at_account (id),
    CONSTRAINT at_movement_credit_account_fk FOREIGN KEY (credit_account_id) REFERENCES at_account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
-- ;;
CREATE TABLE at_ledger_entry (
    id           BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    movement_id  BIGINT      NOT NULL,
    account_id   BIGINT      NOT NULL,
    amount_minor BIGINT      NOT NULL,
    currency     CHAR(3)     NOT NULL,
    CONSTRAINT at_ledger_entry_leg_uq UNIQUE (movement_id, account_id),
    CONSTRAINT at_ledger_entry_amount_ck CHECK (amount_minor <> 0),
    CONSTRAINT at_ledger_entry_movement_fk FOREIGN KEY (movement_id) REFERENCES at_movement (id),
    CONSTRAINT at_ledger_entry_account_fk FOREIGN KEY (account_id) REFERENCES at_account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
-- ;;
CREATE INDEX at_ledger_entry_account_ix ON at_ledger_entry (account_id, id)
-- ;;
CREATE TABLE at_hold (
    id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    reference    VARCHAR(120) NOT NULL,
    account_id   BIGINT       NOT NULL,
    amount_minor BIGINT       NOT NULL,
    currency     CHAR(3)      NOT NULL,
    status       VARCHAR(16)  NOT NULL,
    movement_id  BIGINT       NULL,
    created_at   DATETIME(6)  NOT NULL,
    settled_at   DATETIME(6),
    CONSTRAINT at_hold_reference_uq UNIQUE (reference),
    CONSTRAINT at_hold_status_ck CHECK (status IN ('PENDING', 'POSTED', 'VOIDED')),
    CONSTRAINT at_hold_amount_ck CHECK (amount_minor > 0),
    CONSTRAINT at_hold_posted_ck CHECK (status = 'POSTED' OR movement_id IS NULL),
    CONSTRAINT at_hold_account_fk FOREIGN KEY (account_id) REFERENCES at_account (id),
    CONSTRAINT at_hold_movement_fk FOREIGN KEY (movement_id) REFERENCES at_movement (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
-- ;;
CREATE TABLE at_pull (
    id                  BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    reference           VARCHAR(120) NOT NULL,
    customer_id         BIGINT       NOT NULL,
    account_id          BIGINT       NOT NULL,
    amount_minor        BIGINT       NOT NULL,
    currency            CHAR(3)      NOT NULL,
    business_date       DATE         NOT NULL,
    status              VARCHAR(16)  NOT NULL,
    idempotency_key     VARCHAR(80)  NULL,
    bank_transaction_id VARCHAR(128) NULL,
    code                VARCHAR(64)  NULL,
    sends               INT          NOT NULL DEFAULT 0,
    movement_id         BIGINT       NULL,
    created_at          DATETIME(6)  NOT NULL,
    settled_at          DATETIME(6),
    CONSTRAINT at_pull_reference_uq UNIQUE (reference),
    CONSTRAINT at_pull_key_uq UNIQUE (idempotency_key),
    CONSTRAINT at_pull_status_ck CHECK (status IN ('PENDING', 'COMPLETE', 'FAILED')),
    CONSTRAINT at_pull_amount_ck CHECK (amount_minor > 0),
    CONSTRAINT at_pull_complete_ck CHECK ((status = 'COMPLETE') = (movement_id IS NOT NULL)),
    CONSTRAINT at_pull_customer_fk FOREIGN KEY (customer_id) REFERENCES at_customer (id),
    CONSTRAINT at_pull_account_fk FOREIGN KEY (account_id) REFERENCES at_account (id),
    CONSTRAINT at_pull_movement_fk FOREIGN KEY (movement_id) REFERENCES at_movement (id),
    INDEX at_pull_day_ix (customer_id, business_date, status),
    INDEX at_pull_pending_ix (status, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
-- ;;
CREATE TABLE at_ledger_transfer (
    id                      BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    idempotency_key         VARCHAR(80)  NOT NULL,
    source_account_id       BIGINT       NOT NULL,
    destination_bank        VARCHAR(16)  NOT NULL,
    destination_account     VARCHAR(34)  NOT NULL,
    amount_minor            BIGINT       NOT NULL,
    currency                CHAR(3)      NOT NULL,
    memo                    VARCHAR(100) NOT NULL,
    request_created_at      DATETIME(6)  NOT NULL,
    status                  VARCHAR(16)  NOT NULL,
    code                    VARCHAR(64)  NULL,
    code_kind               VARCHAR(16)  NULL,
    retryable               BOOLEAN      NULL,
    message                 VARCHAR(300) NULL,
    pull_id                 BIGINT       NULL,
    held                    BOOLEAN      NOT NULL DEFAULT FALSE,
    movement_id             BIGINT       NULL,
    external_transaction_id VARCHAR(128) NULL,
    created_at              DATETIME(6)  NOT NULL,
    settled_at              DATETIME(6),
    CONSTRAINT at_ledger_transfer_key_uq UNIQUE (idempotency_key),
    CONSTRAINT at_ledger_transfer_status_ck CHECK (status IN ('OPEN', 'EXECUTED', 'REFUSED')),
    CONSTRAINT at_ledger_transfer_amount_ck CHECK (amount_minor > 0),
    CONSTRAINT at_ledger_transfer_refused_ck CHECK ((status = 'REFUSED') = (code IS NOT NULL)),
    CONSTRAINT at_ledger_transfer_pull_fk FOREIGN KEY (pull_id) REFERENCES at_pull (id),
    CONSTRAINT at_ledger_transfer_movement_fk FOREIGN KEY (movement_id) REFERENCES at_movement (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
-- ;;
CREATE TRIGGER at_movement_no_update BEFORE UPDATE ON at_movement FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'at_movement is append-only: UPDATE refused'
-- ;;
CREATE TRIGGER at_movement_no_delete BEFORE DELETE ON at_movement FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'at_movement is append-only: DELETE refused'
-- ;;
CREATE TRIGGER at_ledger_entry_no_update BEFORE UPDATE ON at_ledger_entry FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'at_ledger_entry is append-only: UPDATE refused'
-- ;;
CREATE TRIGGER at_ledger_entry_no_delete BEFORE DELETE ON at_ledger_entry FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'at_ledger_entry is append-only: DELETE refused'
