package dev.autotransfer.examples.kill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The kill -9 tests' invariant check can fail: after a clean drain it finds nothing, and it catches a
 * second debit of an occurrence under another key, an occurrence nobody worked, and a SUCCEEDED in
 * history that the bank never executed. On H2, since no engine JVM is involved.
 */
class KillWorldCheckTest {

    @DatabaseTest(dialects = Dialect.H2)
    void the_check_catches_a_double_debit_a_lost_occurrence_and_a_success_the_bank_never_executed(TestDatabase db)
            throws Exception {
        try (KillWorld world = new KillWorld(db, 7L, b -> b)) {
            world.load(0, 6);
            world.drain(TimeUnit.SECONDS.toNanos(30));
            KillWorld.Check clean = world.check();
            assertThat(clean.examples()).isEmpty();
            assertThat(clean.succeeded()).isEqualTo(6);
            assertThat(clean.debits()).isEqualTo(6);

            // a second debit of one occurrence under the next attempt's key, which history never opened
            Map.Entry<Long, AccountRef> first = world.sources.entrySet().iterator().next();
            String key = world.keyPrefix() + first.getKey() + ":" + world.today + ":2";
            TransferOutcome outcome = world.bank.client(first.getValue().bankCode()).transfer(new TransferRequest(key,
                    first.getValue(), AccountRef.of("PAYEE", "990-0000-999999"), Money.krw(1_000), "twice",
                    Instant.now()));
            assertThat(outcome).isInstanceOf(TransferOutcome.Accepted.class);
            // an occurrence that falls due and is never worked
            world.load(6, 7);
            KillWorld.Check broken = world.check();
            assertThat(broken.doubleDebitsByOccurrence()).isEqualTo(1);
            assertThat(broken.doubleDebitsByAccount()).isEqualTo(1);
            assertThat(broken.doubleDebitsByKey()).isZero();
            assertThat(broken.debitsWithoutSucceeded()).isEqualTo(1);
            assertThat(broken.lost()).isEqualTo(1);

            // the unworked occurrence recorded as SUCCEEDED in history without any bank debit
            long unworked = world.sources.keySet().stream().filter(id -> id != first.getKey())
                    .filter(id -> world.bank.executedDebits().stream()
                            .noneMatch(d -> d.source().equals(world.sources.get(id))))
                    .findFirst().orElseThrow();
            AccountRef source = world.sources.get(unworked);
            db.jdbi().useHandle(h -> {
                for (String type : new String[] {"STARTED", "SUCCEEDED"}) {
                    h.createUpdate("""
                            INSERT INTO at_history (schedule_id, nominal_date, attempt, idempotency_key, event_type,
                            occurred_at, source_bank, source_account, destination_bank, destination_account,
                            amount_minor, currency, request_created_at, external_transaction_id, node_id)
                            VALUES (:id, :date, 1, :key, :type, :now, :bank, :account, 'PAYEE', '990-0000-000000',
                            1000, 'KRW', :now, :external, 'forger')""")
                            .bind("id", unworked).bind("date", world.today)
                            .bind("key", (type.equals("STARTED") ? world.keyPrefix() : "") + unworked + ":"
                                    + world.today + ":1")
                            .bind("type", type).bind("now", Instant.now()).bind("bank", source.bankCode())
                            .bind("account", source.accountNumber())
                            .bind("external", type.equals("SUCCEEDED") ? "forged-1" : null)
                            .execute();
                }
            });
            KillWorld.Check forged = world.check();
            assertThat(forged.succeededWithoutOneDebit()).isEqualTo(1);
            assertThat(forged.lost()).isZero();
            assertThat(forged.succeeded()).isEqualTo(7);
        }
    }
}
