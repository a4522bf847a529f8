package dev.autotransfer.client;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who asks for a setting change and from where: written with the change to the audit log.
 *
 * <p>The actor is 1..100 characters without control characters (a user id, an operator's name, a
 * service account); the client IP is a literal IPv4 address ({@code 203.0.113.7}) or IPv6 address
 * ({@code 2001:db8::1}, optionally with an IPv4 tail), or null when unknown. Host names are refused:
 * the address is validated as text and never resolved. Immutable and thread-safe.
 *
 * @param actor who makes the change
 * @param clientIp the caller's IP address as text, or null
 */
public record AuditContext(String actor, String clientIp) {

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");

    /** Validates both fields; messages name the field and the value. */
    public AuditContext {
        Objects.requireNonNull(actor, "actor");
        if (actor.isEmpty() || actor.length() > 100 || actor.isBlank()) {
            throw new IllegalArgumentException("actor must be 1..100 characters and not blank, was "
                    + actor.length() + " characters: '" + actor + "'");
        }
        if (actor.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("actor must not hold control characters, was '"
                    + actor.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        if (clientIp != null && !isIpAddress(clientIp)) {
            throw new IllegalArgumentException("clientIp must be an IPv4 or IPv6 address or null, was '"
                    + clientIp.replaceAll("\\p{Cntrl}", "?") + "'");
        }
    }

    /** A context for the actor with no known client IP. */
    public static AuditContext of(String actor) {
        return new AuditContext(actor, null);
    }

    /** A context for the actor calling from the IP address. */
    public static AuditContext of(String actor, String clientIp) {
        return new AuditContext(actor, clientIp);
    }

    /** Whether the text is a literal IPv4 or IPv6 address (no zone id, no brackets, no host name). */
    static boolean isIpAddress(String text) {
        if (text.length() > 45) {
            return false;
        }
        return IPV4.matcher(text).matches() || isIpv6(text);
    }

    private static boolean isIpv6(String text) {
        if (!text.contains(":")) {
            return false;
        }
        int groupsNeeded = 8;
        String body = text;
        int lastColon = text.lastIndexOf(':');
        String tail = text.substring(lastColon + 1);
        if (tail.contains(".")) {
            if (!IPV4.matcher(tail).matches()) {
                return false;
            }
            groupsNeeded = 6;
            // keep the colon before the IPv4 tail when it is part of "::"
            body = text.substring(0, lastColon + 1) + "0";
            groupsNeeded += 1;
        }
        int doubleColon = body.indexOf("::");
        if (doubleColon != body.lastIndexOf("::")) {
            return false;
        }
        if (doubleColon < 0) {
            return groups(body).length == groupsNeeded && validGroups(groups(body));
        }
        String head = body.substring(0, doubleColon);
        String rest = body.substring(doubleColon + 2);
        String[] left = head.isEmpty() ? new String[0] : groups(head);
        String[] right = rest.isEmpty() ? new String[0] : groups(rest);
        return validGroups(left) && validGroups(right) && left.length + right.length < groupsNeeded;
    }

    private static String[] groups(String text) {
        return text.split(":", -1);
    }

    private static boolean validGroups(String[] groups) {
        for (String group : groups) {
            if (!HEX_GROUP.matcher(group).matches()) {
                return false;
            }
        }
        return true;
    }
}
