package dev.autotransfer.examples.http;

import dev.autotransfer.AutoTransferException;
import dev.autotransfer.bank.BankClient;
import dev.autotransfer.bank.BankTerms;
import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.bank.UnknownReason;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BankClient} that speaks the HTTP bank protocol of docs/bank-integration.md, as served by
 * {@link SimulatedBankServer}; the template for an integrator's own adapter.
 *
 * <p>Mapping (hard case 3: uncertain answers are unknown): only a {@code 200} answer whose JSON body is
 * well-formed is believed. {@code ACCEPTED} carries the echo the bank sent, parsed from the body;
 * {@code REJECTED} is the bank's explicit refusal with its code and kind. Everything else is
 * {@link TransferOutcome.Unknown}, never a refusal: any HTTP 5xx ({@code BANK_ERROR}), a timeout
 * ({@code TIMEOUT}), a connection refused, reset or closed ({@code CONNECTION_RESET}), an empty or
 * malformed body or any other status ({@code UNEXPECTED}); the bank's own "key reused with another
 * body" answer is {@code Unknown(KEY_REUSED_WITH_OTHER_BODY)}. An inquiry that is not a well-formed
 * {@code 200} answer is {@link InquiryResult.Unavailable}, never {@code NotFound}.
 *
 * <p>The socket timeouts come from {@link HttpBankClientConfig}; set them below the engine's time
 * limit. {@link #transfer} and {@link #inquire} block for at most about the connect plus the request
 * timeout and never throw for a network or protocol fault. {@link #terms()} is fetched once, on first
 * use, and cached; it throws {@link AutoTransferException} if the bank cannot tell it. Logs name keys,
 * bank codes and masked accounts only, never a full account number.
 *
 * <p>Thread-safe: one instance serves any number of concurrent calls.
 */
public final class HttpBankClient implements BankClient {

    private static final Logger LOG = LoggerFactory.getLogger(HttpBankClient.class);

    private final HttpBankClientConfig config;
    private final HttpClient http;
    private final URI bankUri;
    private volatile BankTerms terms;

    /** A client with its own {@link HttpClient}, built from {@code config}'s timeouts. */
    public HttpBankClient(HttpBankClientConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.bankUri = URI.create(config.baseUri() + "/banks/" + config.bankCode());
    }

    @Override
    public TransferOutcome transfer(TransferRequest request) {
        Objects.requireNonNull(request, "request");
        HttpRequest post = HttpRequest.newBuilder(URI.create(bankUri + "/transfers"))
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(BankJson.request(request)))
                .build();
        String what = "transfer " + request.idempotencyKey() + " " + request.source() + " -> " + request.destination();
        TransferOutcome outcome;
        try {
            HttpResponse<byte[]> response = http.send(post, HttpResponse.BodyHandlers.ofByteArray());
            outcome = transferAnswer(response);
        } catch (HttpTimeoutException e) {
            outcome = unknown(UnknownReason.TIMEOUT, "no answer within the timeout: " + e.getMessage());
        } catch (IOException e) {
            outcome = unknown(UnknownReason.CONNECTION_RESET, connectionFailure(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = unknown(UnknownReason.UNEXPECTED, "interrupted while waiting for the answer");
        } catch (RuntimeException e) {
            outcome = unknown(UnknownReason.UNEXPECTED, "the HTTP client failed: " + e);
        }
        if (outcome instanceof TransferOutcome.Unknown unknown) {
            LOG.warn("{} at {}: unknown ({}): {}", what, config.bankCode(), unknown.reason(), unknown.detail());
        } else {
            LOG.debug("{} at {}: {}", what, config.bankCode(), outcome.getClass().getSimpleName());
        }
        return outcome;
    }

    @Override
    public InquiryResult inquire(String idempotencyKey) {
        TransferRequest.requireValidKey(idempotencyKey);
        HttpRequest get = HttpRequest.newBuilder(URI.create(bankUri + "/transfers/" + idempotencyKey))
                .timeout(config.requestTimeout()).GET().build();
        InquiryResult result;
        try {
            HttpResponse<byte[]> response = http.send(get, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                result = new InquiryResult.Unavailable("HTTP " + response.statusCode());
            } else {
                result = BankJson.inquiry(response.body());
            }
        } catch (BankJson.MalformedBodyException e) {
            result = new InquiryResult.Unavailable("malformed answer: " + e.getMessage());
        } catch (HttpTimeoutException e) {
            result = new InquiryResult.Unavailable("no answer within the timeout: " + e.getMessage());
        } catch (IOException e) {
            result = new InquiryResult.Unavailable(connectionFailure(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = new InquiryResult.Unavailable("interrupted while waiting for the answer");
        } catch (RuntimeException e) {
            result = new InquiryResult.Unavailable("the HTTP client failed: " + e);
        }
        if (result instanceof InquiryResult.Unavailable unavailable) {
            LOG.warn("inquiry of {} at {}: unavailable: {}", idempotencyKey, config.bankCode(), unavailable.reason());
        }
        return result;
    }

    /**
     * The bank's terms, fetched with {@code GET /banks/{code}/terms} on first use and then constant.
     *
     * @throws AutoTransferException if the first fetch fails; a later call tries again
     */
    @Override
    public BankTerms terms() {
        BankTerms known = terms;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (terms == null) {
                terms = fetchTerms();
            }
            return terms;
        }
    }

    /** The settings this client was built with. */
    public HttpBankClientConfig config() {
        return config;
    }

    @Override
    public String toString() {
        return "HttpBankClient[" + bankUri + "]";
    }

    private BankTerms fetchTerms() {
        HttpRequest get = HttpRequest.newBuilder(URI.create(bankUri + "/terms")).timeout(config.requestTimeout()).GET().build();
        try {
            HttpResponse<byte[]> response = http.send(get, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new AutoTransferException("terms of bank " + config.bankCode() + " at " + bankUri
                        + ": HTTP " + response.statusCode());
            }
            return BankJson.terms(response.body());
        } catch (BankJson.MalformedBodyException e) {
            throw new AutoTransferException("terms of bank " + config.bankCode() + ": malformed answer: " + e.getMessage());
        } catch (IOException e) {
            throw new AutoTransferException("terms of bank " + config.bankCode() + " at " + bankUri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AutoTransferException("interrupted while fetching the terms of bank " + config.bankCode(), e);
        }
    }

    private static TransferOutcome transferAnswer(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status >= 500 && status <= 599) {
            return new TransferOutcome.Unknown(UnknownReason.BANK_ERROR,
                    "HTTP " + status + ": the bank may have executed the request behind the server that answered");
        }
        if (status != 200) {
            return new TransferOutcome.Unknown(UnknownReason.UNEXPECTED, "HTTP " + status + " is not a protocol answer");
        }
        try {
            return BankJson.outcome(response.body());
        } catch (BankJson.MalformedBodyException e) {
            return new TransferOutcome.Unknown(UnknownReason.UNEXPECTED, "malformed answer: " + e.getMessage());
        }
    }

    private static String connectionFailure(IOException e) {
        String kind = e instanceof ConnectException ? "connection refused or failed" : "connection failed or closed";
        return kind + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
    }

    private static TransferOutcome.Unknown unknown(UnknownReason reason, String detail) {
        return new TransferOutcome.Unknown(reason, detail);
    }
}
