package dev.autotransfer.jdbc.internal;

import java.util.regex.Pattern;

/**
 * Validation of the identifiers that scripts take as placeholders (role and schema names). Not API.
 *
 * <p>Only lower-case letters, digits and underscores, starting with a letter or underscore, at
 * most 63 characters: such a name means the same unquoted on PostgreSQL and H2 and quoted on
 * MariaDB, and can never close a quote. Stateless.
 */
public final class Identifiers {

    private static final Pattern SAFE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private Identifiers() {
    }

    /** Returns {@code name} if it is a safe identifier, else throws naming {@code what}. */
    public static String requireSafe(String name, String what) {
        if (name == null || !SAFE.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " must be 1 to 63 lower-case letters, digits or '_',"
                    + " starting with a letter or '_', was '" + name + "'");
        }
        return name;
    }
}
