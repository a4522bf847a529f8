package dev.autotransfer.jdbc.internal;

import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import dev.autotransfer.spi.RunStore.RunMembership;
import dev.autotransfer.spi.RunStore.RunStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins a node to the run of a business date, creating the run if needed. Not API. Immutable and
 * thread-safe.
 *
 * <p>Both rows are created race-safely by their unique keys, never by {@code MERGE},
 * {@code INSERT IGNORE} or {@code ON DUPLICATE KEY UPDATE} (which could hide a refused value): the
 * unique {@code business_date} decides which of many concurrent joins creates the run, and a loser
 * reads the winner's row afterwards on a new handle (a new transaction: MariaDB's REPEATABLE READ
 * snapshot of the failed one would not show it). The node row is updated first and inserted only
 * when absent; a node that loses that insert race updates the winner's row.
 */
public final class RunJoins {

    private static final Logger log = LoggerFactory.getLogger(RunJoins.class);

    private final RunSql sql;

    /** Joins through the run statements. */
    public RunJoins(RunSql sql) {
        this.sql = sql;
    }

    /** See {@link dev.autotransfer.spi.RunStore#join}; arguments already validated. */
    public RunMembership join(LocalDate businessDate, String nodeId, Instant now) {
        RunMembership run = findRun(businessDate).orElseGet(() -> createRun(businessDate, now));
        activateNode(run.runId(), nodeId, now);
        log.debug("node {} joined run {} of {} ({})", nodeId, run.runId(), businessDate, run.status());
        return run;
    }

    private RunMembership createRun(LocalDate businessDate, Instant now) {
        String what = "creating the run of " + businessDate;
        try {
            long id = sql.jdbi().withHandle(handle -> handle.createUpdate(sql.get("insert"))
                    .bind("businessDate", businessDate)
                    .bind("status", RunStatus.RUNNING.name())
                    .bind("now", now)
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one());
            log.info("run {} of {} created", id, businessDate);
            return new RunMembership(id, businessDate, RunStatus.RUNNING);
        } catch (JdbiException e) {
            if (!DatabaseErrors.isUniqueViolation(e)) {
                throw RunSql.failure(what, e);
            }
            // another node created it first and committed: read its row in a new transaction
            return findRun(businessDate).orElseThrow(() -> new AutoTransferJdbcException(what
                    + " failed: the date is taken, yet no run of it can be read", DatabaseErrors.sanitized(e)));
        }
    }

    private Optional<RunMembership> findRun(LocalDate businessDate) {
        return sql.withHandle("reading the run of " + businessDate, handle -> handle
                .createQuery(sql.get("select_by_date"))
                .bind("businessDate", businessDate)
                .map((rs, ctx) -> new RunMembership(rs.getLong("id"), rs.getObject("business_date", LocalDate.class),
                        RunStatus.valueOf(rs.getString("status"))))
                .findOne());
    }

    private void activateNode(long runId, String nodeId, Instant now) {
        String what = "joining node '" + nodeId + "' to run " + runId;
        if (reactivate(what, runId, nodeId, now)) {
            return;
        }
        try {
            sql.jdbi().useHandle(handle -> handle.createUpdate(sql.get("node_insert"))
                    .bind("runId", runId)
                    .bind("nodeId", nodeId)
                    .bind("now", now)
                    .execute());
        } catch (JdbiException e) {
            if (!DatabaseErrors.isUniqueViolation(e)) {
                throw RunSql.failure(what, e);
            }
            // the same node joined concurrently (two threads, or a retry) and committed its row
            if (!reactivate(what, runId, nodeId, now)) {
                throw new AutoTransferJdbcException(what + " failed: the node's row is taken, yet cannot be read",
                        DatabaseErrors.sanitized(e));
            }
        }
    }

    private boolean reactivate(String what, long runId, String nodeId, Instant now) {
        return sql.withHandle(what, handle -> handle.createUpdate(sql.get("node_reactivate"))
                .bind("runId", runId)
                .bind("nodeId", nodeId)
                .bind("now", now)
                .execute() > 0 || sql.nodeExists(handle, runId, nodeId));
    }
}
