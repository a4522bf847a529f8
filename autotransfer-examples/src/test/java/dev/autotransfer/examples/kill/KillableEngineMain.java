package dev.autotransfer.examples.kill;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.autotransfer.AutoTransferException;
import dev.autotransfer.bank.BankClient;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.engine.BankDirectory;
import dev.autotransfer.config.EngineConfig;
import dev.autotransfer.event.EngineListener;
import dev.autotransfer.config.RolloutPolicy;
import dev.autotransfer.event.RunReport;
import dev.autotransfer.examples.http.HttpBankClient;
import dev.autotransfer.examples.http.HttpBankClientConfig;
import dev.autotransfer.jdbc.AutoTransferDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The engine JVM the kill -9 tests start as a child process: one engine on the database named by the
 * environment variable {@value #JDBC_URL_ENV}, calling the banks over HTTP at the simulated bank server
 * of the test JVM.
 *
 * <p>Arguments: {@code MODE NODE_ID BANK_URL BANK_CODES WORKERS MARKER_FILE}. Mode {@code run} starts
 * the engine continuously, creates the marker file when it first claimed work, and runs until killed.
 * Mode {@code race} builds the engine, creates the marker file, waits for a line on standard input
 * (so that several JVMs start claiming together), then runs passes until one claims nothing, prints
 * {@code RACE <node> succeeded=N} and exits 0. Single-threaded main; the engine's threads do the work.
 */
public final class KillableEngineMain {

    /** Environment variable carrying the application role's JDBC URL (kept off the command line). */
    public static final String JDBC_URL_ENV = "KILL9_JDBC_URL";

    private KillableEngineMain() {
    }

    /** Runs one engine as the arguments say (see the class comment). */
    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            throw new IllegalArgumentException("usage: run|race NODE_ID BANK_URL BANK_CODES WORKERS MARKER_FILE");
        }
        String mode = args[0];
        String nodeId = args[1];
        URI bankUrl = URI.create(args[2]);
        String[] codes = args[3].split(",");
        int workers = Integer.parseInt(args[4]);
        Path marker = Path.of(args[5]);
        String url = System.getenv(JDBC_URL_ENV);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException(JDBC_URL_ENV + " is not set");
        }
        boolean race = mode.equals("race");
        HikariConfig poolConfig = new HikariConfig();
        poolConfig.setJdbcUrl(url);
        poolConfig.setMaximumPoolSize(workers + 4);
        poolConfig.setPoolName("kill9-" + nodeId);
        try (HikariDataSource pool = new HikariDataSource(poolConfig);
                AutoTransferEngine engine = AutoTransferDatabase.of(pool).engine(directory(bankUrl, codes, race))
                        .config(race ? raceConfig(workers) : killConfig(workers))
                        .nodeId(nodeId)
                        .listener(race ? EngineListener.NONE : new FirstClaimMarker(marker))
                        .build()) {
            if (race) {
                Files.writeString(marker, "ready");
                awaitGo();
                long succeeded = 0;
                RunReport report;
                do {
                    report = engine.runOnce();
                    succeeded += report.succeeded();
                } while (report.claimed() > 0);
                System.out.println("RACE " + nodeId + " succeeded=" + succeeded);
                return;
            }
            engine.start();
            Thread.sleep(Long.MAX_VALUE); // until kill -9
        }
    }

    /**
     * The kill loop's settings: few workers and small chunks (so a kill finds work in flight), a
     * 3-second lease (so a restarted engine takes over a killed one's claims quickly), short backoffs.
     */
    static EngineConfig killConfig(int workers) {
        return EngineConfig.builder()
                .workerThreads(workers)
                .chunkSize(5)
                // two calls of a chunk in flight at once: kills also meet calls made side by side
                .parallelCalls(2)
                .bankTimeLimit(Duration.ofMillis(500))
                .permitWait(Duration.ZERO)
                .transitAllowance(Duration.ofMillis(200))
                .lease(Duration.ofSeconds(3))
                // a restarted engine is seen by the others at their next heartbeat: make it soon
                .heartbeat(Duration.ofMillis(500), Duration.ofSeconds(5))
                .retryLimit(Priority.P0, 5).retryLimit(Priority.P1, 5).retryLimit(Priority.P2, 5)
                .retryBackoff(Duration.ofMillis(200), Duration.ofSeconds(1))
                .inquiryBackoff(Duration.ofMillis(200), Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(100))
                // the invariants under kills, not the rollout: its 3% of faults could stop a run over a
                // short window, and each kill loses the killed node's reserved sends
                .rollout(RolloutPolicy.disabled())
                .build();
    }

    /** The claim race's and the final drain's settings: chunks of ten, a lease far longer than the race. */
    static EngineConfig raceConfig(int workers) {
        return EngineConfig.builder()
                .workerThreads(workers)
                .chunkSize(10)
                .bankTimeLimit(Duration.ofSeconds(1))
                .permitWait(Duration.ZERO)
                .lease(Duration.ofSeconds(30))
                .bankConcurrency(Math.max(16, workers))
                // one call at a time per worker, as a race of claims wants: 3 x 8 workers x 4 calls
                // would keep the one simulated bank server of a 2-core machine past its time limit
                .parallelCalls(1)
                // the JVMs join at once: frequent heartbeats let each see the others soon
                .heartbeat(Duration.ofMillis(300), Duration.ofSeconds(10))
                // and a joiner waits for that long enough on a loaded machine
                .shareWait(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                // 10,000 schedules in one race: the rollout's first stage would hold back part of them
                .rollout(RolloutPolicy.disabled())
                .build();
    }

    /**
     * HTTP clients for the bank codes, socket timeouts below the engine's time limit, each client's terms
     * fetched (and cached) up front with retries, since the engine reads them when it is built and a
     * loaded machine may miss one socket timeout.
     */
    static BankDirectory directory(URI bankUrl, String[] codes, boolean race) throws InterruptedException {
        Map<String, BankClient> clients = new TreeMap<>();
        for (String code : codes) {
            HttpBankClient client = new HttpBankClient(HttpBankClientConfig.custom().baseUri(bankUrl).bankCode(code)
                    .connectTimeout(Duration.ofMillis(200))
                    .requestTimeout(race ? Duration.ofMillis(800) : Duration.ofMillis(400)).build());
            for (int attempt = 1; ; attempt++) {
                try {
                    client.terms();
                    break;
                } catch (AutoTransferException e) {
                    if (attempt == 20) {
                        throw e;
                    }
                    Thread.sleep(100);
                }
            }
            clients.put(code, client);
        }
        return BankDirectory.of(clients);
    }

    private static void awaitGo() throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (in.readLine() == null) {
            throw new IllegalStateException("standard input closed before the start signal");
        }
    }

    /** Creates the marker file on the first claim, telling the test that this engine works now. */
    private static final class FirstClaimMarker implements EngineListener {
        private final Path marker;
        private final AtomicBoolean done = new AtomicBoolean();

        FirstClaimMarker(Path marker) {
            this.marker = marker;
        }

        @Override
        public void claimed(String bankCode, Priority priority, int count) {
            if (count > 0 && done.compareAndSet(false, true)) {
                try {
                    Files.writeString(marker, "claimed");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
    }
}
