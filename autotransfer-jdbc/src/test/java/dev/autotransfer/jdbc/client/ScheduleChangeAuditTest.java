package dev.autotransfer.jdbc.client;

import static dev.autotransfer.jdbc.client.ClientFixture.ALICE;
import static dev.autotransfer.jdbc.client.ClientFixture.NOW;
import static dev.autotransfer.jdbc.client.ClientFixture.rent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autotransfer.ScheduleVersionConflictException;
import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import dev.autotransfer.client.AuditContext;
import dev.autotransfer.client.ScheduleEdit;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleStatus;
import dev.autotransfer.jdbc.client.ClientFixture.AuditRow;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Every client operation writes its change and one audit entry, or, refused, writes nothing. */
class ScheduleChangeAuditTest {

    @DatabaseTest
    void create_writes_the_schedule_and_one_audit_entry_and_a_repeat_writes_none(TestDatabase db) {
        ClientFixture f = new ClientFixture(db);
        Schedule created = f.client.create(rent("rent-1").build(), ALICE);
        Schedule again = f.client.create(rent("rent-1").build(), AuditContext.of("bob"));

        assertThat(again).isEqualTo(created);
        List<AuditRow> audit = f.audit();
        assertThat(audit).hasSize(1);
        AuditRow row = audit.get(0);
        assertThat(row.action()).isEqualTo("CREATE");
        assertThat(row.actor()).isEqualTo("alice@ops");
        assertThat(row.clientIp()).isEqualTo("203.0.113.7");
        assertThat(row.occurredAt()).isEqualTo(NOW);
        assertThat(row.entityType()).isEqualTo("SCHEDULE");
        assertThat(row.entityId()).isEqualTo(Long.toString(created.id()));
        assertThat(row.before()).isNull();
        assertThat(row.after().get("clientReference").asText()).isEqualTo("rent-1");
        assertThat(row.after().get("sourceAccount").asText()).isEqualTo("1002-3004-5006");
        assertThat(row.after().get("amountMinor").asLong()).isEqualTo(150_000);
        assertThat(row.after().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(row.after().get("version").asLong()).isZero();
        assertThat(row.after().get("recurrence").get("dayOfMonth").asInt()).isEqualTo(25);
        assertThat(row.after().get("nextDueDate").asText()).isEqualTo("2026-12-25");
    }

    @DatabaseTest
    void an_edit_changes_the_fields_and_the_work_items_priority_and_audits_before_and_after(TestDatabase db) {
        ClientFixture f = new ClientFixture(db);
        Schedule created = f.client.create(rent("rent-edit").build(), ALICE);
        f.clock.advance(Duration.ofMinutes(5));
        ScheduleEdit edit = ScheduleEdit.builder()
                .amount(Money.krw(200_000))
                .memo("rent, new flat")
                .destination(AccountRef.of("BANK_C", "3003-4004-5008"))
                .priority(Priority.P0)
                .maxOccurrences(12)
                .build();

        Schedule edited = f.client.edit(created.id(), 0, edit, AuditContext.of("bob", "2001:db8::1"));

        assertThat(edited.version()).isEqualTo(1);
        assertThat(edited.spec().amount()).isEqualTo(Money.krw(200_000));
        assertThat(edited.spec().recurrence().occurrenceCount()).isEqualTo(12);
        assertThat(f.client.find(created.id())).contains(edited);
        assertThat(f.count("SELECT COUNT(*) FROM at_work_item WHERE priority = 0 AND schedule_id = " + created.id()))
                .isEqualTo(1);
        AuditRow row = f.audit().get(1);
        assertThat(row.action()).isEqualTo("EDIT");
        assertThat(row.actor()).isEqualTo("bob");
        assertThat(row.clientIp()).isEqualTo("2001:db8::1");
        assertThat(row.occurredAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        assertThat(row.before().get("amountMinor").asLong()).isEqualTo(150_000);
        assertThat(row.after().get("amountMinor").asLong()).isEqualTo(200_000);
        assertThat(row.before().get("priority").asText()).isEqualTo("P1");
        assertThat(row.after().get("priority").asText()).isEqualTo("P0");
        assertThat(row.before().get("destinationAccount").asText()).isEqualTo("2002-3004-5007");
        assertThat(row.after().get("destinationAccount").asText()).isEqualTo("3003-4004-5008");
        assertThat(row.after().get("memo").asText()).isEqualTo("rent, new flat");
        assertThat(row.before().get("recurrence").get("maxOccurrences").isNull()).isTrue();
        assertThat(row.after().get("recurrence").get("maxOccurrences").asInt()).isEqualTo(12);
        assertThat(row.before().get("version").asLong()).isZero();
        assertThat(row.after().get("version").asLong()).isEqualTo(1);
    }

    @DatabaseTest
    void a_stale_version_is_refused_naming_both_versions_and_nothing_is_written(TestDatabase db) {
        ClientFixture f = new ClientFixture(db);
        Schedule created = f.client.create(rent("rent-stale").build(), ALICE);
        Schedule edited = f.client.edit(created.id(), 0, ScheduleEdit.builder().memo("first").build(), ALICE);

        assertThatThrownBy(() -> f.client.edit(created.id(), 0, ScheduleEdit.builder().memo("second").build(), ALICE))
                .isInstanceOfSatisfying(ScheduleVersionConflictException.class, e -> {
                    assertThat(e.expectedVersion()).isZero();
                    assertThat(e.actualVersion()).isEqualTo(1);
                    assertThat(e.scheduleId()).isEqualTo(created.id());
                })
                .hasMessageContaining("version 1").hasMessageContaining("expected version 0");
        assertThatThrownBy(() -> f.client.pause(created.id(), 0, ALICE))
                .isInstanceOf(ScheduleVersionConflictException.class);
        assertThatThrownBy(() -> f.client.cancel(created.id(), 5, ALICE))
                .isInstanceOf(ScheduleVersionConflictException.class);

        assertThat(f.client.find(created.id())).contains(edited);
        assertThat(f.audit()).extracting(AuditRow::action).containsExactly("CREATE", "EDIT");
    }

    @DatabaseTest
    void pause_resume_and_cancel_bump_the_version_and_audit_the_status(TestDatabase db) {
        ClientFixture f = new ClientFixture(db);
        Schedule s = f.client.create(rent("rent-status").build(), ALICE);

        Schedule paused = f.client.pause(s.id(), 0, ALICE);
        Schedule pausedAgain = f.client.pause(s.id(), 1, ALICE);
        Schedule resumed = f.client.resume(s.id(), 1, ALICE);
        Schedule cancelled = f.client.cancel(s.id(), 2, ALICE);

        assertThat(paused.status()).isEqualTo(ScheduleStatus.PAUSED);
        assertThat(paused.version()).isEqualTo(1);
        assertThat(pausedAgain).as("pausing a paused schedule writes nothing").isEqualTo(paused);
        assertThat(resumed.status()).isEqualTo(ScheduleStatus.ACTIVE);
        assertThat(resumed.version()).isEqualTo(2);
        assertThat(cancelled.status()).isEqualTo(ScheduleStatus.CANCELLED);
        assertThat(cancelled.version()).isEqualTo(3);
        assertThat(f.client.find(s.id())).contains(cancelled);
        assertThatThrownBy(() -> f.client.resume(s.id(), 3, ALICE)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CANCELLED");
        assertThatThrownBy(() -> f.client.edit(s.id(), 3, ScheduleEdit.builder().memo("x").build(), ALICE))
                .isInstanceOf(IllegalStateException.class);

        List<AuditRow> audit = f.audit();
        assertThat(audit).extracting(AuditRow::action).containsExactly("CREATE", "PAUSE", "RESUME", "CANCEL");
        assertThat(audit.get(1).before().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(audit.get(1).after().get("status").asText()).isEqualTo("PAUSED");
        assertThat(audit.get(2).before().get("status").asText()).isEqualTo("PAUSED");
        assertThat(audit.get(2).after().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(audit.get(3).before().get("version").asLong()).isEqualTo(2);
        assertThat(audit.get(3).after().get("status").asText()).isEqualTo("CANCELLED");
        assertThat(audit.get(3).after().get("version").asLong()).isEqualTo(3);
        assertThat(audit).extracting(AuditRow::seq).isSorted().doesNotHaveDuplicates();
    }

    @DatabaseTest
    void resume_makes_an_unleased_parked_item_claimable_now_and_leaves_a_leased_one(TestDatabase db) {
        ClientFixture f = new ClientFixture(db);
        Schedule parked = f.client.create(rent("rent-parked").build(), ALICE);
        Schedule leased = f.client.create(rent("rent-leased").build(), ALICE);
        f.client.pause(parked.id(), 0, ALICE);
        f.client.pause(leased.id(), 0, ALICE);
        Instant later = NOW.plus(Duration.ofHours(1));
        // what the engine leaves behind when it parks a paused schedule's item, and one it holds
        db.appJdbi().useHandle(h -> {
            h.createUpdate("UPDATE at_work_item SET pending_reason = 'PAUSED', not_before = :later WHERE schedule_id = :id")
                    .bind("later", later).bind("id", parked.id()).execute();
            h.createUpdate("""
                    UPDATE at_work_item SET pending_reason = 'PAUSED', not_before = :later, lease_until = :later,
                        lease_token = '00000000-0000-0000-0000-000000000001', lease_owner = 'node-1'
                    WHERE schedule_id = :id""").bind("later", later).bind("id", leased.id()).execute();
        });
        f.clock.advance(Duration.ofSeconds(1));

        f.client.resume(parked.id(), 1, ALICE);
        f.client.resume(leased.id(), 1, ALICE);

        assertThat(f.client.story(parked.id(), LocalDate.of(2026, 12, 25)).pendingWork()).hasValueSatisfying(p -> {
            assertThat(p.notBefore()).isEqualTo(NOW.plusSeconds(1));
            assertThat(p.pendingReason()).isNull();
            assertThat(p.leasedUntil()).isNull();
        });
        assertThat(f.client.story(leased.id(), LocalDate.of(2026, 12, 25)).pendingWork()).hasValueSatisfying(p -> {
            assertThat(p.notBefore()).isEqualTo(later);
            assertThat(p.pendingReason()).isEqualTo("PAUSED");
            assertThat(p.leasedUntil()).isEqualTo(later);
        });
    }

    @DatabaseTest
    void a_limit_that_would_end_the_schedule_before_its_current_occurrence_is_refused(TestDatabase db) {
        ClientFixture f = new ClientFixture(db);
        Schedule s = f.client.create(rent("rent-limit").build(), ALICE);
        assertThatThrownBy(() -> f.client.edit(s.id(), 0,
                ScheduleEdit.builder().endDate(LocalDate.of(2026, 12, 20)).build(), ALICE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("endDate 2026-12-20");
        // the engine moved on to January: December's occurrence is in its hands
        db.appJdbi().useHandle(h -> h.execute("UPDATE at_schedule SET next_due_date = DATE '2027-01-25' WHERE id = "
                + s.id()));
        assertThatThrownBy(() -> f.client.edit(s.id(), 0,
                ScheduleEdit.builder().maxOccurrences(1).build(), ALICE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("current occurrence 2027-01-25");
        Schedule limited = f.client.edit(s.id(), 0,
                ScheduleEdit.builder().endDate(LocalDate.of(2027, 3, 31)).build(), ALICE);

        assertThat(limited.spec().recurrence().last()).contains(LocalDate.of(2027, 3, 25));
        assertThat(f.audit()).extracting(AuditRow::action).containsExactly("CREATE", "EDIT");
        assertThatThrownBy(() -> ScheduleEdit.builder().build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one");
    }

    @DatabaseTest
    void bad_audit_contexts_are_refused_naming_the_field(TestDatabase db) {
        assertThatThrownBy(() -> AuditContext.of("")).hasMessageContaining("actor");
        assertThatThrownBy(() -> AuditContext.of("x".repeat(101))).hasMessageContaining("actor");
        assertThatThrownBy(() -> AuditContext.of("alice", "999.1.1.1")).hasMessageContaining("clientIp")
                .hasMessageContaining("999.1.1.1");
        assertThatThrownBy(() -> AuditContext.of("alice", "example.com")).hasMessageContaining("clientIp");
        assertThatThrownBy(() -> AuditContext.of("alice", "1::2::3")).hasMessageContaining("clientIp");
        assertThat(AuditContext.of("alice", "::ffff:192.0.2.1").clientIp()).isEqualTo("::ffff:192.0.2.1");
        assertThat(AuditContext.of("alice", "fe80:0:0:0:0:0:0:1").clientIp()).isEqualTo("fe80:0:0:0:0:0:0:1");
        assertThat(AuditContext.of("x".repeat(100)).clientIp()).isNull();
    }
}
