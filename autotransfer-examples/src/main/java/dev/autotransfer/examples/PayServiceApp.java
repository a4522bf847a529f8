package dev.autotransfer.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.jdbc.AutoTransferDatabase;
import dev.autotransfer.jdbc.JdbcScheduleClient;
import dev.autotransfer.jdbc.SchemaInstaller;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

/**
 * The runnable example: a pay service's day of standing orders. It installs the schema, registers the
 * day's batch (idempotent by client reference), runs the engine against four simulated banks with their
 * own troubles while a progress bar runs, then prints what happened per bank (from history and the
 * dead-letter queue), the story of a transfer whose answer was unknown and of one that was dead-lettered,
 * and checks every bank's own record for double debits.
 *
 * <p>Runs on an embedded H2 database unless {@code --jdbc-url} names PostgreSQL or MariaDB/MySQL. Not
 * thread-safe; {@code main} runs it once.
 */
public final class PayServiceApp {

    private static final long SEED = 20261201L;

    private final ExampleOptions options;
    private final Clock clock;
    private final PrintStream out;
    private final boolean terminal;

    PayServiceApp(ExampleOptions options, Clock clock, PrintStream out, boolean terminal) {
        this.options = options;
        this.clock = clock;
        this.out = out;
        this.terminal = terminal;
    }

    /** Runs the example; {@code --help} lists the options. Exits 1 if the banks' record shows a problem. */
    public static void main(String[] args) {
        ExampleOptions options;
        try {
            options = ExampleOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(ExampleOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(ExampleOptions.USAGE);
            return;
        }
        BatchResult result = new PayServiceApp(options, Clock.systemUTC(), System.out, System.console() != null).run();
        if (!result.ok()) {
            System.exit(1);
        }
    }

    BatchResult run() {
        try (HikariDataSource dataSource = dataSource(options.jdbcUrl())) {
            SchemaInstaller installer = SchemaInstaller.builder(dataSource).clock(clock).build();
            boolean installed = installer.install();
            out.printf("autotransfer example on %s (%s): schema %s%n", installer.dialect(), redact(options.jdbcUrl()),
                    installed ? "installed" : "already installed");
            LocalDate today = LocalDate.now(clock.withZone(ScheduleSpec.DEFAULT_ZONE));
            BatchBanks banks = new BatchBanks(SEED, clock);
            AutoTransferDatabase database = AutoTransferDatabase.builder(dataSource).clock(clock).build();
            JdbcScheduleClient schedules = database.schedules();
            out.printf("%nRegistering %,d standing orders due today, %s in %s, over four simulated banks:%n",
                    options.schedules(), today, ScheduleSpec.DEFAULT_ZONE);
            BatchBanks.CODES.forEach(code -> out.printf("  %-12s %s%n", code, BatchBanks.trouble(code)));
            BatchSchedules.Registration batch = new BatchSchedules(today, options.schedules())
                    .register(schedules, banks);
            Map<Long, String> open = batch.open(schedules, today);
            out.printf("%,d registered, %,d found from an earlier run (idempotent by client reference);"
                    + " %,d of today's transfers to execute.%n%n", batch.created(), batch.found(), open.size());

            BatchTally tally = new BatchTally(today, open, banks::startOutage);
            BatchRun run = new BatchRun(Duration.ofMinutes(3));
            boolean finished = run.run(database, banks, tally, new BatchProgress(out, terminal, tally));
            if (banks.outageStartedAt() != null) {
                out.printf("Bank %s went down for %d s part-way through.%n", BatchBanks.OUTAGE,
                        BatchBanks.OUTAGE_LENGTH.toSeconds());
            }
            out.printf("Alarms raised: %s%n", run.alarms().isEmpty() ? "none" : run.alarms());
            if (!finished) {
                out.printf("Not every transfer reached its end within the time limit; see 'pending' below.%n");
            }

            return report(database, batch, banks, open.keySet(), today, finished);
        }
    }

    /** Prints the summary, the stories and the banks' check, all read from the database and the banks. */
    private BatchResult report(AutoTransferDatabase database, BatchSchedules.Registration batch, BatchBanks banks, Set<Long> workedThisRun, LocalDate today,
            boolean finished) {
        BatchSummary summary = BatchSummary.read(database.schedules(), database.deadLetters(), batch, today);
        Map<String, Integer> debits = banks.debitsByBank();
        out.printf("%nToday's transfers by bank, from history and the dead-letter queue:%n");
        summary.print(out, debits);
        new OccurrenceReport(out).printInteresting(summary, batch.bankBySchedule(), banks, workedThisRun);
        BankRecordCheck check = BankRecordCheck.of(banks, summary, workedThisRun, today);
        check.print(out, debits);
        return new BatchResult(batch, finished, summary, check, debits, banks);
    }

    private static HikariDataSource dataSource(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(BatchRun.CONFIG.workerThreads() + 4);
        config.setPoolName("autotransfer-example");
        return new HikariDataSource(config);
    }

    /** The URL without its query string, which may hold a password. */
    static String redact(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?...";
    }
}
