package dev.autotransfer.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class QuotaBenchmarkTest {

    @Test
    void quota_mode_executes_each_schedule_once_and_prints_what_the_bank_saw() throws Exception {
        Map<String, String> figures = run("--mode", "quota", "--transfers", "60", "--quota", "1000", "--latency-ms",
                "1", "--instances", "2", "--workers", "2");

        assertThat(figures).containsEntry("check.result", "OK (each schedule debited exactly once)")
                .containsEntry("check.debits_executed", "60").containsEntry("run.instances", "2")
                .containsKeys("machine.cores", "machine.java", "result.total_s", "result.ideal_s",
                        "result.quota_used_fraction_steady", "bank.max_arrivals_in_sliding_1s",
                        "bank.refused_by_quota", "bank.max_calls_in_flight", "run.worker_bound_per_s");
        // 2 instances x 2 workers x 4 calls of a chunk side by side (the default parallelCalls)
        assertThat(Integer.parseInt(figures.get("bank.max_calls_in_flight"))).isBetween(1, 16);
    }

    @Test
    void priorities_mode_measures_p0_from_due_to_executed_while_the_p2_backlog_drains() throws Exception {
        Map<String, String> figures = run("--mode", "priorities", "--transfers", "40", "--quota", "1000",
                "--latency-ms", "1", "--workers", "2", "--p0-per-second", "3");

        assertThat(figures).containsEntry("check.result", "OK (each schedule debited exactly once)")
                .containsEntry("p2.executed", "40").containsEntry("p0.not_executed", "0")
                .containsKeys("p0.latency_due_to_executed_p50_ms", "p0.latency_due_to_executed_p99_ms",
                        "p0.latency_due_to_executed_max_ms", "p2.executed_per_s_steady");
        assertThat(Integer.parseInt(figures.get("p0.registered"))).isGreaterThanOrEqualTo(3);
    }

    private static Map<String, String> run(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--jdbc-url";
        all[args.length + 1] = "jdbc:h2:mem:quota-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean ok = new QuotaBenchmark(BenchOptions.parse(all, QuotaBenchmark.OPTIONS),
                new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
        Map<String, String> figures = new TreeMap<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0) {
                figures.put(line.substring(0, space), line.substring(space + 1));
            }
        }
        assertThat(ok).as("the benchmark's own verdict, with figures %s", figures).isTrue();
        return figures;
    }
}
