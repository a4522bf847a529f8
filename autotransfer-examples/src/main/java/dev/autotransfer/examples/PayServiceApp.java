package dev.autotransfer.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.autotransfer.calendar.HolidayCalendarRegistry;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.jdbc.JdbcScheduleStore;
import dev.autotransfer.jdbc.SchemaInstaller;
import dev.autotransfer.spi.ScheduleStore;
import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalDate;

/**
 * The runnable example: a small pay service that installs the schema, registers its users'
 * standing orders and shows when each will execute, with Korean holidays and weekends shifted.
 *
 * <p>Runs on an embedded H2 database unless {@code --jdbc-url} names PostgreSQL or MariaDB/MySQL.
 * Run it twice against the same database and the registrations are found, not duplicated: creation
 * is idempotent by client reference.
 */
public final class PayServiceApp {

    private final ExampleOptions options;
    private final Clock clock;
    private final PrintStream out;

    PayServiceApp(ExampleOptions options, Clock clock, PrintStream out) {
        this.options = options;
        this.clock = clock;
        this.out = out;
    }

    /** Runs the example; {@code --help} lists the options. */
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
        new PayServiceApp(options, Clock.systemUTC(), System.out).run();
    }

    void run() {
        try (HikariDataSource dataSource = dataSource(options.jdbcUrl())) {
            SchemaInstaller installer = SchemaInstaller.builder(dataSource).clock(clock).build();
            boolean installed = installer.install();
            out.printf("autotransfer example on %s (%s): schema %s%n", installer.dialect(), redact(options.jdbcUrl()),
                    installed ? "installed" : "already installed");

            HolidayCalendarRegistry calendars = HolidayCalendarRegistry.withDefaults();
            ScheduleStore schedules = JdbcScheduleStore.builder(dataSource).clock(clock).calendars(calendars).build();
            LocalDate today = LocalDate.now(clock.withZone(ScheduleSpec.DEFAULT_ZONE));
            out.printf("Registering %d standing orders (idempotent by client reference); today is %s in %s.%n",
                    ExampleSchedules.all().size(), today, ScheduleSpec.DEFAULT_ZONE);

            OccurrenceReport report = new OccurrenceReport(calendars, out);
            for (ScheduleSpec spec : ExampleSchedules.all()) {
                Schedule first = schedules.register(spec);
                Schedule again = schedules.register(spec);
                if (first.id() != again.id()) {
                    throw new IllegalStateException("a repeated registration created a second schedule: " + spec);
                }
                report.print(first, today, options.occurrences());
            }
            out.printf("%nEach occurrence keeps its nominal date as its identity; the execution date is derived"
                    + " from the business-day rule and the calendar.%n");
        }
    }

    private static HikariDataSource dataSource(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(4);
        config.setPoolName("autotransfer-example");
        return new HikariDataSource(config);
    }

    /** The URL without its query string, which may hold a password. */
    static String redact(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?...";
    }
}
