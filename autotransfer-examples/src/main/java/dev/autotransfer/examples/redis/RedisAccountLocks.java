package dev.autotransfer.examples.redis;

import dev.autotransfer.ledger.AccountLocks;
import dev.autotransfer.ledger.LockUnavailableException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AccountLocks} on Redis (the seed's choice, B6): {@code SET NX PX} with a time to live, and a
 * fencing token that grows with every acquisition of a resource.
 *
 * <p>The token is drawn inside the acquiring Lua script from the Redis server's clock in microseconds,
 * and is never lower than the resource's last token: a Redis restarted without persistence forgets
 * its locks and counters, but its clock has moved on, so the next token is still higher than every
 * token handed out before the restart (a token from an {@code INCR} counter would start again at 1
 * and every write would be refused as stale). The ledger checks the token against the database, and
 * the accounts' versions guard the moment when a restart or failover lets two holders in at once.
 * Release deletes the lock only while it still holds this lease's token.
 *
 * <p>Thread-safe: Lettuce's connection is shared by all callers.
 */
public final class RedisAccountLocks implements AccountLocks {

    private static final Logger log = LoggerFactory.getLogger(RedisAccountLocks.class);

    /** KEYS: lock, fence; ARGV: ttl in ms. Answers the token, or nil while another holder has the lock. */
    private static final String ACQUIRE = """
            if redis.call('EXISTS', KEYS[1]) == 1 then return false end
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local last = tonumber(redis.call('GET', KEYS[2]) or '0')
            local token = string.format('%.0f', math.max(now, last + 1))
            redis.call('SET', KEYS[2], token)
            redis.call('SET', KEYS[1], token, 'PX', ARGV[1])
            return token""";
    /** KEYS: lock; ARGV: token. Deletes the lock only if it still holds the token. */
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""";

    private final RedisCommands<String, String> redis;
    private final String prefix;

    /**
     * Locks on the connection, with keys {@code <prefix>lock:<resource>} and {@code <prefix>fence:<resource>}.
     *
     * @param connection a connection the caller opened and closes
     * @param prefix the keys' prefix, for example {@code "autotransfer:"}
     */
    public RedisAccountLocks(StatefulRedisConnection<String, String> connection, String prefix) {
        this.redis = Objects.requireNonNull(connection, "connection").sync();
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    @Override
    public Lease acquire(String resource, Duration ttl, Duration wait) {
        Objects.requireNonNull(resource, "resource");
        String lock = prefix + "lock:" + resource;
        String fence = prefix + "fence:" + resource;
        long deadline = System.nanoTime() + wait.toNanos();
        long pause = 1_000_000L;
        while (true) {
            String token;
            try {
                token = redis.eval(ACQUIRE, ScriptOutputType.VALUE, new String[] {lock, fence},
                        Long.toString(Math.max(1, ttl.toMillis())));
            } catch (RedisException e) {
                throw new LockUnavailableException(resource, "Redis could not be reached: " + e.getMessage(), e);
            }
            if (token != null) {
                return new RedisLease(lock, Long.parseLong(token));
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new LockUnavailableException(resource, "another holder kept it for " + wait.toMillis() + " ms",
                        null);
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 20_000_000L);
        }
    }

    private final class RedisLease implements Lease {
        private final String lock;
        private final long token;
        private final AtomicBoolean closed = new AtomicBoolean();

        RedisLease(String lock, long token) {
            this.lock = lock;
            this.token = token;
        }

        @Override
        public long fencingToken() {
            return token;
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            try {
                redis.eval(RELEASE, ScriptOutputType.INTEGER, new String[] {lock}, Long.toString(token));
            } catch (RedisException e) {
                // the lock expires by its time to live; the fencing token keeps a late holder out
                log.warn("releasing {} failed, it expires by its time to live: {}", lock, e.getMessage());
            }
        }
    }
}
