package dev.autotransfer.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.domain.DayOfMonthRule;
import dev.autotransfer.domain.Frequency;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import java.util.Iterator;
import java.util.Map;

/**
 * The JSON of audit entries: a schedule's settings as one flat object (written to
 * {@code at_audit_log} in full), and the masking of account numbers for the external copy. Not API.
 * Stateless and thread-safe.
 *
 * <p>Account numbers are the fields whose names end in {@code Account} ({@code sourceAccount},
 * {@code destinationAccount}); {@link #masked} replaces every such text value, at any depth, by
 * {@link AccountRef#mask}, so a field added later under that naming rule is masked too.
 */
public final class AuditJson {

    /** The entity type of schedule entries. */
    public static final String SCHEDULE = "SCHEDULE";

    /** The entity type of dead-letter entries. */
    public static final String DEAD_LETTER = "DEAD_LETTER";

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditJson() {
    }

    /** The schedule's settings and user-visible state as a JSON object text. */
    public static String of(Schedule schedule) {
        ScheduleSpec spec = schedule.spec();
        ObjectNode node = JSON.createObjectNode();
        node.put("id", schedule.id());
        node.put("clientReference", spec.clientReference());
        node.put("status", schedule.status().name());
        node.put("version", schedule.version());
        node.put("sourceBank", spec.source().bankCode());
        node.put("sourceAccount", spec.source().accountNumber());
        node.put("destinationBank", spec.destination().bankCode());
        node.put("destinationAccount", spec.destination().accountNumber());
        node.put("amountMinor", spec.amount().minorUnits());
        node.put("currency", spec.amount().currency().getCurrencyCode());
        node.put("memo", spec.memo());
        node.put("priority", spec.priority().name());
        recurrence(node.putObject("recurrence"), spec.recurrence());
        node.put("zone", spec.zone().getId());
        node.put("businessDayRule", spec.businessDayRule().name());
        node.put("calendarId", spec.calendarId());
        node.put("catchUpPolicy", spec.catchUpPolicy().name());
        node.put("nextDueDate", schedule.nextDueDate() == null ? null : schedule.nextDueDate().toString());
        return write(node);
    }

    /** A dead-letter entry's state as a JSON object text, with the person's note or reference, if any. */
    public static String of(dev.autotransfer.client.DeadLetter entry, String note) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", entry.id());
        node.put("scheduleId", entry.scheduleId());
        node.put("nominalDate", entry.nominalDate().toString());
        node.put("attempt", entry.attempt());
        node.put("idempotencyKey", entry.idempotencyKey());
        node.put("kind", entry.kind().name());
        node.put("code", entry.code());
        node.put("status", entry.status().name());
        node.put("version", entry.version());
        node.put("resolvedBy", entry.resolvedBy());
        node.put("resolvedAt", entry.resolvedAt() == null ? null : entry.resolvedAt().toString());
        if (note != null) {
            node.put("note", note);
        }
        return write(node);
    }

    private static void recurrence(ObjectNode node, Recurrence recurrence) {
        node.put("start", recurrence.start().toString());
        Frequency frequency = recurrence.frequency();
        if (frequency instanceof Frequency.Monthly monthly) {
            node.put("frequency", "MONTHLY");
            node.put("interval", monthly.intervalMonths());
            if (monthly.day() instanceof DayOfMonthRule.OnDay onDay) {
                node.put("dayOfMonth", onDay.day());
            } else {
                node.put("lastDayOfMonth", true);
            }
        } else if (frequency instanceof Frequency.Weekly weekly) {
            node.put("frequency", "WEEKLY");
            node.put("interval", weekly.intervalWeeks());
            node.put("dayOfWeek", weekly.day().name());
        } else {
            node.put("frequency", "ONCE");
        }
        node.put("endDate", recurrence.endDate() == null ? null : recurrence.endDate().toString());
        node.put("maxOccurrences", recurrence.occurrenceCount());
    }

    /** The JSON text with every account number masked; null stays null. */
    public static String masked(String json) {
        if (json == null) {
            return null;
        }
        try {
            JsonNode tree = JSON.readTree(json);
            mask(tree);
            return write(tree);
        } catch (JsonProcessingException e) {
            // never forward text that might hold an unmasked number
            throw new AutoTransferJdbcException("an audit entry's JSON cannot be parsed for masking: "
                    + e.getOriginalMessage());
        }
    }

    private static void mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().endsWith("Account") && field.getValue().isTextual()) {
                    field.setValue(JSON.getNodeFactory().textNode(AccountRef.mask(field.getValue().asText())));
                } else {
                    mask(field.getValue());
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(AuditJson::mask);
        }
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new AutoTransferJdbcException("an audit entry cannot be written as JSON", e);
        }
    }
}
