package dev.autotransfer.bank;

/**
 * The port to one bank: send a transfer under an idempotency key, ask what became of a key, and
 * declare the bank's terms.
 *
 * <p>The contract, which the test kit {@code dev.autotransfer.bank.testkit.BankClientContractTest}
 * (in this module's test-jar) checks for any implementation:
 * <ul>
 *   <li><b>Idempotent per key.</b> The same key sent any number of times executes at most once and
 *       answers the first outcome. A key that was refused with a code that
 *       {@linkplain RejectionCode.Kind#closesKey() closes the key} never executes later, even if it is
 *       re-sent after the reason went away. The same key with another body (accounts, amount, memo)
 *       is never a success: it answers {@link UnknownReason#KEY_REUSED_WITH_OTHER_BODY} and executes
 *       nothing.</li>
 *   <li><b>Uncertain is Unknown.</b> A timeout means {@link TransferOutcome.Unknown}, never a rejection.
 *       So are a connection reset after the request may have been sent, a "duplicate reference" answer
 *       and a "key reused" answer. <b>Every HTTP 5xx, 503 included, is
 *       {@code Unknown(}{@link UnknownReason#BANK_ERROR}{@code )}</b>: a gateway or load balancer may
 *       answer 503 after the backend executed the debit. Only refusals the bank guarantees it made
 *       before any processing, and that the key will never execute, are {@link TransferOutcome.Rejected}
 *       with a code that {@linkplain RejectionCode.Kind#closesKey() closes the key}; in particular
 *       {@link RejectionCode#REFUSED_UNAVAILABLE} is only for a refusal the bank's protocol defines as
 *       "not processed", never for a status code. A key-closing refusal that was not the bank's
 *       guarantee makes the engine open a new key for the same occurrence: a double debit.</li>
 *   <li><b>Honest echo.</b> {@link TransferOutcome.Accepted} carries what the bank says it executed
 *       (reference, accounts, amount, currency), read from the bank's answer, never copied from the
 *       request; the engine compares it with the request.</li>
 *   <li><b>Retention.</b> {@link #terms()} declares how long keys are kept; the bank refuses a request
 *       whose {@code createdAt} is older than that with {@link RejectionCode#REQUEST_EXPIRED}.</li>
 *   <li><b>Banks without idempotency keys.</b> The adapter maps the key one-to-one to the bank's client
 *       reference (no hash that can collide) and the bank must reject a duplicate reference, which the
 *       adapter answers as {@link UnknownReason#DUPLICATE_REFERENCE}. Inquiring before sending is not
 *       enough, because requests arrive late.</li>
 * </ul>
 *
 * <p><b>Blocking and errors.</b> Both calls may block on the network. Adapters set their own socket
 * and read timeouts below the engine's time limit, because the engine's limit only stops waiting.
 * They should not throw: the engine treats any exception from {@code transfer} as
 * {@link TransferOutcome.Unknown} (the request may have been sent) and from {@code inquire} as
 * {@link InquiryResult.Unavailable}.
 *
 * <p><b>Thread-safety.</b> Implementations must be safe to call concurrently, including with the same key.
 */
public interface BankClient {

    /**
     * Asks the bank to execute a transfer, idempotently per {@link TransferRequest#idempotencyKey()}.
     *
     * @param request the transfer; a re-send passes the recorded request unchanged
     * @return the bank's answer, never null
     */
    TransferOutcome transfer(TransferRequest request);

    /**
     * Asks the bank what became of a key. {@link InquiryResult.NotFound} is not definitive.
     *
     * @param idempotencyKey a key as sent in a {@link TransferRequest}
     * @return the bank's answer, never null
     */
    InquiryResult inquire(String idempotencyKey);

    /**
     * The bank's declared terms; cheap, and constant for the client's lifetime.
     *
     * @return the terms, never null
     */
    BankTerms terms();
}
