package dev.autotransfer.jdbc;

import java.time.ZoneId;
import java.util.TimeZone;

/** Sets the JVM's default time zone for a block and restores the previous one on close. */
final class DefaultZone implements AutoCloseable {

    private final TimeZone previous;

    private DefaultZone(ZoneId zone) {
        this.previous = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone(zone));
    }

    /** Makes {@code zone} the default until {@link #close()}. */
    static DefaultZone set(String zone) {
        return new DefaultZone(ZoneId.of(zone));
    }

    @Override
    public void close() {
        TimeZone.setDefault(previous);
    }
}
