package dev.autotransfer.examples.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.autotransfer.bank.BankClient;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.bank.UnknownReason;
import dev.autotransfer.bank.sim.SimulatedBank;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the clients of a {@link SimulatedBank} over HTTP on 127.0.0.1, in the JSON protocol of
 * docs/bank-integration.md, so that {@link HttpBankClient}s in this or other JVMs share one bank.
 *
 * <p>Routes: {@code POST /banks/{code}/transfers}, {@code GET /banks/{code}/transfers/{key}} and
 * {@code GET /banks/{code}/terms}, for the bank codes given at {@link #start}. The simulation's own
 * uncertain answers become network faults, as a real bank's would: an {@code Unknown(TIMEOUT)} (the
 * answer was lost) closes the connection without an answer, and an {@code Unknown(BANK_ERROR)} answers
 * HTTP 503. Every other answer is a {@code 200} JSON body. Requests run on a fixed pool of daemon
 * threads, so concurrent calls overlap as at a real bank.
 *
 * <p>Thread-safe; {@link #close()} is idempotent and stops serving at once.
 */
public final class SimulatedBankServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedBankServer.class);
    private static final Pattern ROUTE = Pattern.compile("/banks/([A-Z0-9_-]{2,16})/(transfers|terms)(?:/([A-Za-z0-9:_-]{1,80}))?");
    private static final int THREADS = 16;

    private final HttpServer server;
    private final ExecutorService pool;
    private final Map<String, BankClient> clients;

    private SimulatedBankServer(HttpServer server, ExecutorService pool, Map<String, BankClient> clients) {
        this.server = server;
        this.pool = pool;
        this.clients = clients;
    }

    /**
     * Starts serving the given bank codes of {@code bank} on 127.0.0.1.
     *
     * @param bank the simulation whose clients answer
     * @param port the port, or 0 for an ephemeral one (see {@link #port()})
     * @param bankCodes the codes served, at least one; others answer 404
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static SimulatedBankServer start(SimulatedBank bank, int port, Collection<String> bankCodes) {
        Objects.requireNonNull(bank, "bank");
        Objects.requireNonNull(bankCodes, "bankCodes");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (ephemeral) to 65535, was " + port);
        }
        if (bankCodes.isEmpty()) {
            throw new IllegalArgumentException("bankCodes must name at least one bank, was " + bankCodes);
        }
        Map<String, BankClient> clients = new LinkedHashMap<>();
        for (String code : bankCodes) {
            clients.put(code, bank.client(code));
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, task -> {
            Thread thread = new Thread(task, "simulated-bank-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
            SimulatedBankServer served = new SimulatedBankServer(server, pool, Map.copyOf(clients));
            server.createContext("/banks/", served::handle);
            server.setExecutor(pool);
            server.start();
            LOG.info("simulated bank serving {} on http://127.0.0.1:{}", clients.keySet(), served.port());
            return served;
        } catch (IOException e) {
            pool.shutdownNow();
            throw new UncheckedIOException("could not bind 127.0.0.1:" + port, e);
        }
    }

    /** The port served, the ephemeral one if 0 was asked for. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:{port}}, the base URI for {@link HttpBankClientConfig.Builder#baseUri(URI)}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Stops serving; calls in progress are cut off. */
    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher route = ROUTE.matcher(exchange.getRequestURI().getRawPath());
            BankClient client = route.matches() ? clients.get(route.group(1)) : null;
            String method = exchange.getRequestMethod();
            if (client == null) {
                answer(exchange, 404, "no such bank or route");
            } else if (route.group(2).equals("terms") && route.group(3) == null && method.equals("GET")) {
                answer(exchange, BankJson.terms(client.terms()));
            } else if (route.group(2).equals("transfers") && route.group(3) != null && method.equals("GET")) {
                answer(exchange, BankJson.inquiry(client.inquire(route.group(3))));
            } else if (route.group(2).equals("transfers") && route.group(3) == null && method.equals("POST")) {
                transfer(exchange, client);
            } else {
                answer(exchange, 405, "method " + method + " not allowed here");
            }
        }
    }

    private void transfer(HttpExchange exchange, BankClient client) throws IOException {
        TransferRequest request;
        try (InputStream body = exchange.getRequestBody()) {
            request = BankJson.request(body.readAllBytes());
        } catch (BankJson.MalformedBodyException e) {
            answer(exchange, 400, e.getMessage());
            return;
        }
        TransferOutcome outcome = client.transfer(request);
        if (outcome instanceof TransferOutcome.Unknown unknown && unknown.reason() == UnknownReason.TIMEOUT) {
            // the simulated answer was lost: the server's exchange loop closes the connection unanswered
            throw new LostAnswer();
        }
        if (outcome instanceof TransferOutcome.Unknown unknown && unknown.reason() == UnknownReason.BANK_ERROR) {
            answer(exchange, 503, "Service Unavailable");
            return;
        }
        answer(exchange, BankJson.outcome(outcome));
    }

    private static void answer(HttpExchange exchange, byte[] json) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Thrown from the handler so that the JDK server drops the connection without an answer. */
    private static final class LostAnswer extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LostAnswer() {
            super("simulated lost answer", null, false, false);
        }
    }
}
