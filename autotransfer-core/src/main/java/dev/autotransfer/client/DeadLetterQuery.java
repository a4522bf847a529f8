package dev.autotransfer.client;

/**
 * Which dead-letter entries {@link DeadLetterClient#list} answers: optionally one status and one
 * kind, newest first (by id, descending), at most {@code limit} entries after a cursor.
 *
 * <p>Paging: pass the id of the last entry of a page as {@code afterId} to get the next page (the
 * entries listed after it, that is with lower ids); null starts at the newest. The cursor is stable
 * while entries are added (new ones have higher ids and never shift a page). Immutable and
 * thread-safe.
 *
 * @param status only entries with this status, or null for any
 * @param kind only entries of this kind, or null for any
 * @param limit the page size, 1..1000
 * @param afterId the id of the last entry of the previous page, or null for the first page
 */
public record DeadLetterQuery(DeadLetter.Status status, DeadLetter.Kind kind, int limit, Long afterId) {

    /** The largest page. */
    public static final int MAX_LIMIT = 1000;

    /** Validates the limit and the cursor; messages name the field and the value. */
    public DeadLetterQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
        if (afterId != null && afterId < 1) {
            throw new IllegalArgumentException("afterId must be at least 1 or null, was " + afterId);
        }
    }

    /** The first page of OPEN entries of any kind, {@code limit} at most. */
    public static DeadLetterQuery open(int limit) {
        return new DeadLetterQuery(DeadLetter.Status.OPEN, null, limit, null);
    }

    /** The first page of every entry, {@code limit} at most. */
    public static DeadLetterQuery all(int limit) {
        return new DeadLetterQuery(null, null, limit, null);
    }

    /** The same filters, for the page after the entry with id {@code lastId}. */
    public DeadLetterQuery after(long lastId) {
        return new DeadLetterQuery(status, kind, limit, lastId);
    }

    /** The same query restricted to a kind. */
    public DeadLetterQuery ofKind(DeadLetter.Kind value) {
        return new DeadLetterQuery(status, value, limit, afterId);
    }
}
