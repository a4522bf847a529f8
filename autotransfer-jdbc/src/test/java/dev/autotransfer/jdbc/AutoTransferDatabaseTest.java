package dev.autotransfer.jdbc;

import dev.autotransfer.jdbc.api.Dialect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autotransfer.client.DeadLetterQuery;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import dev.autotransfer.spi.AuditRecord;
import dev.autotransfer.spi.AuditSink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One entry point per database: what it hands out works on the database it detected once. */
class AutoTransferDatabaseTest {

    @DatabaseTest
    void the_entry_point_detects_the_dialect_and_hands_out_clients_that_share_it(TestDatabase db) {
        AutoTransferDatabase database = AutoTransferDatabase.builder(db.appDataSource()).clock(Specs.CLOCK).build();

        assertThat(database.dialect()).isEqualTo(db.dialect());
        assertThat(database.schedules()).isSameAs(database.schedules());
        assertThat(database.deadLetters()).isSameAs(database.deadLetters());
        assertThat(database.runs()).isSameAs(database.runs());
        assertThat(database.alarms()).isSameAs(database.alarms());
        assertThat(database.installationId()).matches("[a-z0-9]{8,15}");
        assertThat(database.deadLetters().list(DeadLetterQuery.all(10))).isEmpty();
        assertThat(database.runs().list(TestDatabase.NOW.atZone(java.time.ZoneOffset.UTC).toLocalDate(),
                TestDatabase.NOW.atZone(java.time.ZoneOffset.UTC).toLocalDate())).isEmpty();
        assertThat(database.alarms().list(Instant.EPOCH, 10)).isEmpty();
    }

    @DatabaseTest
    void a_schedule_created_through_the_entry_point_is_audited_and_relayed(TestDatabase db) {
        AutoTransferDatabase database = AutoTransferDatabase.builder(db.appDataSource()).clock(Specs.CLOCK).build();
        List<AuditRecord> relayed = new ArrayList<>();

        Schedule created = database.schedules().create(Specs.rent("rent-entry").build(), Specs.AUDIT);
        AuditRelay.Report report = database.auditRelay().sink(new AuditSink() {
            @Override
            public String name() {
                return "test-sink";
            }

            @Override
            public void deliver(List<AuditRecord> records) {
                relayed.addAll(records);
            }
        }).build().relayOnce();

        assertThat(report.sink("test-sink").delivered()).isEqualTo(1);
        assertThat(relayed).singleElement().satisfies(r -> {
            assertThat(r.entityId()).isEqualTo(Long.toString(created.id()));
            assertThat(r.action()).isEqualTo("CREATE");
            assertThat(r.actor()).isEqualTo(Specs.AUDIT.actor());
            assertThat(r.occurredAt()).isEqualTo(Specs.NOW.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        });
    }

    @DatabaseTest
    void partition_upkeep_runs_through_the_owners_data_source(TestDatabase db) {
        AutoTransferDatabase database = AutoTransferDatabase.builder(db.appDataSource()).clock(TestDatabase.CLOCK)
                .build();

        PartitionMaintenance partitions = database.partitions(db.dataSource());

        assertThat(partitions.ensureMonthsAhead(TestDatabase.MONTHS_AHEAD)).isEmpty();
        if (db.dialect() == Dialect.H2) {
            assertThat(partitions.listPartitions()).isEmpty();
        } else {
            assertThat(partitions.ensureMonthsAhead(TestDatabase.MONTHS_AHEAD + 1)).hasSize(1);
        }
    }

    @DatabaseTest(dialects = Dialect.H2)
    void missing_parts_are_refused_naming_them(TestDatabase db) {
        assertThatNullPointerException().isThrownBy(() -> AutoTransferDatabase.of(null)).withMessage("dataSource");
        AutoTransferDatabase database = AutoTransferDatabase.of(db.appDataSource());
        assertThatNullPointerException().isThrownBy(() -> database.engine(null)).withMessage("banks");
        assertThatNullPointerException().isThrownBy(() -> database.partitions(null)).withMessage("ownerDataSource");
        assertThatThrownBy(() -> AutoTransferDatabase.builder(db.appDataSource()).clock(null))
                .isInstanceOf(NullPointerException.class).hasMessage("clock");
    }
}
