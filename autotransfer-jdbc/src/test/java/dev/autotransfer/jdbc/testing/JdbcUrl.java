package dev.autotransfer.jdbc.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PostgreSQL or MariaDB JDBC URL taken apart just enough to change its database and query
 * parameters. Immutable.
 */
public final class JdbcUrl {

    private final String base;
    private final Map<String, String> parameters;

    private JdbcUrl(String base, Map<String, String> parameters) {
        this.base = base;
        this.parameters = parameters;
    }

    /** Parses {@code jdbc:<driver>://host:port/database?key=value&...} (values taken as already encoded). */
    public static JdbcUrl parse(String url) {
        int query = url.indexOf('?');
        Map<String, String> parameters = new LinkedHashMap<>();
        if (query >= 0) {
            for (String pair : url.substring(query + 1).split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    parameters.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
                }
            }
        }
        return new JdbcUrl(query < 0 ? url : url.substring(0, query), parameters);
    }

    /** This URL with a parameter set (the value is URL-encoded). */
    public JdbcUrl with(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(parameters);
        copy.put(key, URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
        return new JdbcUrl(base, copy);
    }

    /** This URL without a parameter. */
    public JdbcUrl without(String key) {
        Map<String, String> copy = new LinkedHashMap<>(parameters);
        copy.remove(key);
        return new JdbcUrl(base, copy);
    }

    /** This URL with another database (the path after host and port). */
    public JdbcUrl withDatabase(String database) {
        int hostStart = base.indexOf("//") + 2;
        int slash = base.indexOf('/', hostStart);
        String hostPart = slash < 0 ? base : base.substring(0, slash);
        return new JdbcUrl(hostPart + "/" + database, parameters);
    }

    @Override
    public String toString() {
        StringBuilder url = new StringBuilder(base);
        char separator = '?';
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            url.append(separator).append(parameter.getKey()).append('=').append(parameter.getValue());
            separator = '&';
        }
        return url.toString();
    }
}
