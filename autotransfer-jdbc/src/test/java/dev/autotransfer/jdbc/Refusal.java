package dev.autotransfer.jdbc;

import dev.autotransfer.jdbc.api.Dialect;
import java.sql.SQLException;
import java.util.Set;

/**
 * What made a database refuse a statement or a login, told from the SQLState and vendor code that
 * each database gives it, so that tests assert the reason of a refusal and not just that something
 * failed. The one place that knows these codes in the tests.
 *
 * <table>
 *   <caption>Codes per database</caption>
 *   <tr><th></th><th>PostgreSQL (SQLState)</th><th>H2 (SQLState)</th><th>MariaDB (vendor code)</th></tr>
 *   <tr><td>{@link #NO_PRIVILEGE}</td><td>42501 (not from our trigger)</td><td>90096</td><td>1142, 1044, 1227</td></tr>
 *   <tr><td>{@link #APPEND_ONLY_TRIGGER}</td><td>42501 "... is append-only ..."</td>
 *       <td>42501 "... is append-only ..."</td><td>1644 (SQLState 45000 of SIGNAL)</td></tr>
 *   <tr><td>{@link #CHECK_VIOLATION}</td><td>23514</td><td>23513</td><td>4025</td></tr>
 *   <tr><td>{@link #UNIQUE_VIOLATION}</td><td>23505</td><td>23505</td><td>1062</td></tr>
 *   <tr><td>{@link #BAD_CREDENTIALS}</td><td>28P01</td><td>28000</td><td>1045</td></tr>
 *   <tr><td>{@link #ACCOUNT_LOCKED}</td><td>-</td><td>-</td><td>4151</td></tr>
 * </table>
 */
enum Refusal {
    /** The role lacks the privilege: a missing grant, or it does not own the object. */
    NO_PRIVILEGE,
    /** The append-only trigger of history or audit refused a row change. */
    APPEND_ONLY_TRIGGER,
    /** A CHECK constraint. */
    CHECK_VIOLATION,
    /** A unique key or index. */
    UNIQUE_VIOLATION,
    /** A login with a wrong user or password. */
    BAD_CREDENTIALS,
    /** A login to a locked account. */
    ACCOUNT_LOCKED,
    /** Anything else: a syntax error, a missing object, a lost connection. */
    OTHER;

    /** The message our append-only triggers (PostgreSQL, H2) put in their refusal. */
    private static final String TRIGGER_MESSAGE = "is append-only";
    private static final Set<Integer> MARIADB_NO_PRIVILEGE = Set.of(1142, 1044, 1227);

    /** The refusal behind a failure on a database; {@link #OTHER} when no SQLException is behind it. */
    static Refusal of(Dialect dialect, Throwable failure) {
        SQLException e = sqlException(failure);
        if (e == null) {
            return OTHER;
        }
        String state = String.valueOf(e.getSQLState());
        int code = e.getErrorCode();
        boolean fromTrigger = String.valueOf(e.getMessage()).contains(TRIGGER_MESSAGE);
        return switch (dialect) {
            case POSTGRESQL -> switch (state) {
                case "42501" -> fromTrigger ? APPEND_ONLY_TRIGGER : NO_PRIVILEGE;
                case "23514" -> CHECK_VIOLATION;
                case "23505" -> UNIQUE_VIOLATION;
                case "28P01" -> BAD_CREDENTIALS;
                default -> OTHER;
            };
            case H2 -> switch (state) {
                case "90096" -> NO_PRIVILEGE;
                case "42501" -> fromTrigger ? APPEND_ONLY_TRIGGER : OTHER;
                case "23513" -> CHECK_VIOLATION;
                case "23505" -> UNIQUE_VIOLATION;
                case "28000" -> BAD_CREDENTIALS;
                default -> OTHER;
            };
            case MARIADB -> {
                if (MARIADB_NO_PRIVILEGE.contains(code)) {
                    yield NO_PRIVILEGE;
                }
                yield switch (code) {
                    case 1644 -> "45000".equals(state) ? APPEND_ONLY_TRIGGER : OTHER;
                    case 4025 -> CHECK_VIOLATION;
                    case 1062 -> UNIQUE_VIOLATION;
                    case 1045 -> BAD_CREDENTIALS;
                    case 4151 -> ACCOUNT_LOCKED;
                    default -> OTHER;
                };
            }
        };
    }

    /** "SQLState s, vendor code c: message" of the SQLException behind a failure, for assertion messages. */
    static String describe(Throwable failure) {
        SQLException e = sqlException(failure);
        if (e == null) {
            return String.valueOf(failure);
        }
        return "SQLState " + e.getSQLState() + ", vendor code " + e.getErrorCode() + ": "
                + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }

    private static SQLException sqlException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException e) {
                return e;
            }
        }
        return null;
    }
}
