package dev.autotransfer.examples.redis;

import dev.autotransfer.bank.Money;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fast pre-check of the daily pull limit on a Redis counter per customer and day with a time to
 * live (the seed's own design, B4), to refuse an obvious over-limit top-up before touching the
 * database. It is not the guard of the limit, and cannot be: a Redis restarted without persistence
 * forgets the day's counters, and the counter cannot join the database transaction that records the
 * pull, so a crash between the two leaves them apart. {@code JdbcLedgerBank} reserves the limit in
 * that transaction whatever this says; this check only saves work. It fails open: when Redis cannot
 * be reached it answers "fits" and leaves the decision to the database.
 *
 * <p>Counting is idempotent per pull reference, so a retried top-up is not counted twice.
 *
 * <p>Thread-safe: Lettuce's connection is shared by all callers.
 */
public final class RedisPullPreCheck {

    private static final Logger log = LoggerFactory.getLogger(RedisPullPreCheck.class);

    /** KEYS: counter, reference; ARGV: amount, limit, ttl ms. 1 when counted (or counted before), 0 when over. */
    private static final String COUNT = """
            if redis.call('EXISTS', KEYS[2]) == 1 then return 1 end
            local used = tonumber(redis.call('GET', KEYS[1]) or '0')
            if used + tonumber(ARGV[1]) > tonumber(ARGV[2]) then return 0 end
            redis.call('INCRBY', KEYS[1], ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[3])
            return 1""";
    /** KEYS: counter, reference. Takes the reference's amount back once. */
    private static final String UNCOUNT = """
            local amount = redis.call('GET', KEYS[2])
            if not amount then return 0 end
            redis.call('DEL', KEYS[2])
            return redis.call('DECRBY', KEYS[1], amount)""";

    private final RedisCommands<String, String> redis;
    private final String prefix;
    private final Duration ttl;

    /**
     * A pre-check on the connection, keys under {@code prefix}.
     *
     * @param ttl how long a day's counter lives; more than a day, so it outlives its business day
     */
    public RedisPullPreCheck(StatefulRedisConnection<String, String> connection, String prefix, Duration ttl) {
        this.redis = Objects.requireNonNull(connection, "connection").sync();
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.compareTo(Duration.ofDays(1)) <= 0) {
            throw new IllegalArgumentException("ttl must be longer than a day, was " + ttl);
        }
    }

    /**
     * Counts the pull if the day's counter leaves room for it under the limit.
     *
     * @return false only when Redis says the pull would pass the limit; true when it fits, was counted
     *     before, or Redis could not be reached (the database decides)
     */
    public boolean tryCount(long customerId, LocalDate day, String reference, Money amount, Money limit) {
        try {
            Long counted = redis.eval(COUNT, ScriptOutputType.INTEGER,
                    new String[] {counter(customerId, day), prefix + "pull:" + reference},
                    Long.toString(amount.minorUnits()), Long.toString(limit.minorUnits()),
                    Long.toString(ttl.toMillis()));
            return counted != null && counted == 1;
        } catch (RedisException e) {
            log.warn("the daily-limit pre-check could not reach Redis; the database decides: {}", e.getMessage());
            return true;
        }
    }

    /** Takes a counted pull back, after the database or the linked bank refused it for good. */
    public void uncount(long customerId, LocalDate day, String reference) {
        try {
            redis.eval(UNCOUNT, ScriptOutputType.INTEGER,
                    new String[] {counter(customerId, day), prefix + "pull:" + reference});
        } catch (RedisException e) {
            log.warn("the daily-limit pre-check could not reach Redis to take back {}: {}", reference, e.getMessage());
        }
    }

    /** What the counter says the customer pulled on the day, or -1 when Redis cannot be reached. */
    public long counted(long customerId, LocalDate day) {
        try {
            String value = redis.get(counter(customerId, day));
            return value == null ? 0 : Long.parseLong(value);
        } catch (RedisException e) {
            return -1;
        }
    }

    private String counter(long customerId, LocalDate day) {
        return prefix + "pulled:" + customerId + ":" + day;
    }
}
