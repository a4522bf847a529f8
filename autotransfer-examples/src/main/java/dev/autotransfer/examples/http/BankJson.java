package dev.autotransfer.examples.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.BankTerms;
import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.KeyRetention;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.RejectionCode;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.bank.UnknownReason;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;

/**
 * The JSON bodies of the HTTP bank protocol (docs/bank-integration.md), shared by the server and the
 * client. Parsing is strict: a missing field, a wrong type or an invalid value is a
 * {@link MalformedBodyException}, which the client turns into an unknown answer. Thread-safe.
 */
final class BankJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private BankJson() {
    }

    /** A body that is not what the protocol defines; its message never holds an account number. */
    static final class MalformedBodyException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedBodyException(String message) {
            super(message);
        }
    }

    static byte[] request(TransferRequest request) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("idempotencyKey", request.idempotencyKey());
        node.set("source", account(request.source()));
        node.set("destination", account(request.destination()));
        node.set("amount", money(request.amount()));
        node.put("memo", request.memo());
        node.put("createdAt", request.createdAt().toString());
        return bytes(node);
    }

    static TransferRequest request(byte[] body) throws MalformedBodyException {
        JsonNode node = object(body);
        try {
            return new TransferRequest(text(node, "idempotencyKey"), account(node, "source"),
                    account(node, "destination"), money(node, "amount"), text(node, "memo"), instant(node, "createdAt"));
        } catch (IllegalArgumentException e) {
            throw new MalformedBodyException("invalid transfer request: " + e.getMessage());
        }
    }

    static byte[] outcome(TransferOutcome outcome) {
        return bytes(outcomeNode(outcome));
    }

    static TransferOutcome outcome(byte[] body) throws MalformedBodyException {
        JsonNode node = object(body);
        String outcome = text(node, "outcome");
        try {
            return switch (outcome) {
                case "ACCEPTED" -> accepted(node);
                case "REJECTED" -> rejected(node);
                case "UNKNOWN" -> new TransferOutcome.Unknown(unknownReason(text(node, "reason")), text(node, "detail"));
                default -> throw new MalformedBodyException("unknown outcome '" + outcome + "'");
            };
        } catch (IllegalArgumentException e) {
            throw new MalformedBodyException("invalid " + outcome + " answer: " + e.getMessage());
        }
    }

    static byte[] inquiry(InquiryResult result) {
        ObjectNode node = MAPPER.createObjectNode();
        if (result instanceof InquiryResult.Executed executed) {
            node.put("status", "EXECUTED").set("answer", outcomeNode(executed.answer()));
        } else if (result instanceof InquiryResult.Rejected rejected) {
            node.put("status", "REJECTED").set("answer", outcomeNode(rejected.answer()));
        } else if (result instanceof InquiryResult.InProgress) {
            node.put("status", "IN_PROGRESS");
        } else if (result instanceof InquiryResult.NotFound) {
            node.put("status", "NOT_FOUND");
        } else {
            node.put("status", "UNAVAILABLE").put("reason", ((InquiryResult.Unavailable) result).reason());
        }
        return bytes(node);
    }

    static InquiryResult inquiry(byte[] body) throws MalformedBodyException {
        JsonNode node = object(body);
        String status = text(node, "status");
        try {
            return switch (status) {
                case "EXECUTED" -> new InquiryResult.Executed(accepted(field(node, "answer")));
                case "REJECTED" -> new InquiryResult.Rejected(rejected(field(node, "answer")));
                case "IN_PROGRESS" -> new InquiryResult.InProgress();
                case "NOT_FOUND" -> new InquiryResult.NotFound();
                case "UNAVAILABLE" -> new InquiryResult.Unavailable(text(node, "reason"));
                default -> throw new MalformedBodyException("unknown inquiry status '" + status + "'");
            };
        } catch (IllegalArgumentException e) {
            throw new MalformedBodyException("invalid " + status + " inquiry answer: " + e.getMessage());
        }
    }

    static byte[] terms(BankTerms terms) {
        ObjectNode node = MAPPER.createObjectNode();
        ObjectNode retention = node.putObject("keyRetention");
        if (terms.keyRetention() instanceof KeyRetention.Fixed fixed) {
            retention.put("type", "FIXED").put("duration", fixed.duration().toString());
        } else {
            retention.put("type", "CALENDAR_DAY").put("zone", ((KeyRetention.CalendarDay) terms.keyRetention()).zone().getId());
        }
        node.put("requestsPerSecond", terms.requestsPerSecond());
        return bytes(node);
    }

    static BankTerms terms(byte[] body) throws MalformedBodyException {
        JsonNode node = object(body);
        JsonNode retention = field(node, "keyRetention");
        String type = text(retention, "type");
        try {
            KeyRetention keyRetention = switch (type) {
                case "FIXED" -> KeyRetention.of(Duration.parse(text(retention, "duration")));
                case "CALENDAR_DAY" -> KeyRetention.perCalendarDay(ZoneId.of(text(retention, "zone")));
                default -> throw new MalformedBodyException("unknown key retention type '" + type + "'");
            };
            JsonNode rate = field(node, "requestsPerSecond");
            if (!rate.canConvertToInt() || !rate.isIntegralNumber()) {
                throw new MalformedBodyException("requestsPerSecond must be an integer, was " + rate);
            }
            return new BankTerms(keyRetention, rate.intValue());
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new MalformedBodyException("invalid terms: " + e.getMessage());
        }
    }

    private static ObjectNode outcomeNode(TransferOutcome outcome) {
        ObjectNode node = MAPPER.createObjectNode();
        if (outcome instanceof TransferOutcome.Accepted accepted) {
            node.put("outcome", "ACCEPTED").put("externalTransactionId", accepted.externalTransactionId())
                    .put("idempotencyKey", accepted.idempotencyKey());
            node.set("source", account(accepted.source()));
            node.set("destination", account(accepted.destination()));
            node.set("amount", money(accepted.amount()));
        } else if (outcome instanceof TransferOutcome.Rejected rejected) {
            node.put("outcome", "REJECTED").put("code", rejected.code().code()).put("kind", rejected.code().kind().name())
                    .put("retryable", rejected.retryable()).put("message", rejected.message());
        } else {
            TransferOutcome.Unknown unknown = (TransferOutcome.Unknown) outcome;
            node.put("outcome", "UNKNOWN").put("reason", unknown.reason().name()).put("detail", unknown.detail());
        }
        return node;
    }

    private static TransferOutcome.Accepted accepted(JsonNode node) throws MalformedBodyException {
        return new TransferOutcome.Accepted(text(node, "externalTransactionId"), text(node, "idempotencyKey"),
                account(node, "source"), account(node, "destination"), money(node, "amount"));
    }

    private static TransferOutcome.Rejected rejected(JsonNode node) throws MalformedBodyException {
        RejectionCode.Kind kind = constant(RejectionCode.Kind.class, text(node, "kind"), "kind");
        JsonNode retryable = field(node, "retryable");
        if (!retryable.isBoolean()) {
            throw new MalformedBodyException("retryable must be a boolean, was " + retryable);
        }
        return new TransferOutcome.Rejected(RejectionCode.of(text(node, "code"), kind), retryable.booleanValue(),
                text(node, "message"));
    }

    /** A reason the client does not know is still unknown, never a refusal. */
    private static UnknownReason unknownReason(String name) {
        try {
            return UnknownReason.valueOf(name);
        } catch (IllegalArgumentException e) {
            return UnknownReason.UNEXPECTED;
        }
    }

    private static ObjectNode account(AccountRef account) {
        return MAPPER.createObjectNode().put("bankCode", account.bankCode()).put("accountNumber", account.accountNumber());
    }

    private static AccountRef account(JsonNode parent, String name) throws MalformedBodyException {
        JsonNode node = field(parent, name);
        return AccountRef.of(text(node, "bankCode"), text(node, "accountNumber"));
    }

    private static ObjectNode money(Money money) {
        return MAPPER.createObjectNode().put("minorUnits", money.minorUnits()).put("currency", money.currency().getCurrencyCode());
    }

    private static Money money(JsonNode parent, String name) throws MalformedBodyException {
        JsonNode node = field(parent, name);
        JsonNode minor = field(node, "minorUnits");
        if (!minor.isIntegralNumber() || !minor.canConvertToLong()) {
            throw new MalformedBodyException(name + ".minorUnits must be an integer, was " + minor);
        }
        String code = text(node, "currency");
        try {
            return new Money(minor.longValue(), Currency.getInstance(code));
        } catch (IllegalArgumentException e) {
            throw new MalformedBodyException(name + ".currency '" + code + "' is not an ISO 4217 code");
        }
    }

    private static Instant instant(JsonNode node, String name) throws MalformedBodyException {
        String text = text(node, name);
        try {
            return Instant.parse(text);
        } catch (DateTimeException e) {
            throw new MalformedBodyException(name + " '" + text + "' is not an ISO-8601 instant");
        }
    }

    private static <E extends Enum<E>> E constant(Class<E> type, String name, String field) throws MalformedBodyException {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new MalformedBodyException(field + " '" + name + "' is not one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private static JsonNode field(JsonNode node, String name) throws MalformedBodyException {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new MalformedBodyException("field '" + name + "' is missing");
        }
        return value;
    }

    private static String text(JsonNode node, String name) throws MalformedBodyException {
        JsonNode value = field(node, name);
        if (!value.isTextual()) {
            throw new MalformedBodyException("field '" + name + "' must be a string");
        }
        return value.textValue();
    }

    private static JsonNode object(byte[] body) throws MalformedBodyException {
        if (body == null || body.length == 0) {
            throw new MalformedBodyException("empty body");
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new MalformedBodyException("body is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new MalformedBodyException("body is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new MalformedBodyException("body could not be read (" + e.getMessage() + ")");
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }
}
