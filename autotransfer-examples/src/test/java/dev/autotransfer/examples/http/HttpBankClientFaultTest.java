package dev.autotransfer.examples.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.bank.UnknownReason;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Against WireMock's fault injection, every broken answer to a transfer ends {@code Unknown} (never a
 * rejection) and every broken answer to an inquiry ends {@code Unavailable} (never "not found").
 */
class HttpBankClientFaultTest {

    private static final String KEY = "77:2026-11-25:1";
    private static final String TRANSFERS = "/banks/004/transfers";
    private static final String INQUIRY = TRANSFERS + "/" + KEY;
    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(250);
    private static final TransferRequest REQUEST = new TransferRequest(KEY, AccountRef.of("004", "1002-3344-5566"),
            AccountRef.of("004", "2002-3344-5566"), Money.krw(10_000), "rent", Instant.parse("2026-11-25T00:00:00Z"));

    private static WireMockServer wireMock;
    private HttpBankClient client;

    @BeforeAll
    static void startWireMock() {
        wireMock = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()
                .containerThreads(16).jettyStopTimeout(100L));
        wireMock.start();
    }

    @AfterAll
    static void stopWireMock() {
        wireMock.stop();
    }

    @BeforeEach
    void freshClient() {
        wireMock.resetAll();
        client = new HttpBankClient(HttpBankClientConfig.custom().baseUri(URI.create(wireMock.baseUrl()))
                .bankCode("004").connectTimeout(Duration.ofMillis(500)).requestTimeout(REQUEST_TIMEOUT).build());
    }

    static Stream<Arguments> brokenAnswers() {
        return Stream.of(
                Arguments.of("connection reset after the request was read", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
                Arguments.of("empty response", aResponse().withFault(Fault.EMPTY_RESPONSE)),
                Arguments.of("malformed response chunk", aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)),
                Arguments.of("random data then close", aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)),
                Arguments.of("200 with invalid JSON", json(200, "{\"outcome\": \"ACCEPTED\", \"externalTransactionId\": ")),
                Arguments.of("200 with an empty body", json(200, "")),
                Arguments.of("200 with an unknown outcome", json(200, "{\"outcome\":\"MAYBE\"}")),
                Arguments.of("200 accepted without its echo", json(200, "{\"outcome\":\"ACCEPTED\",\"externalTransactionId\":\"tx-1\"}")),
                Arguments.of("a delay past the client's timeout",
                        json(200, rejectedBody()).withFixedDelay((int) REQUEST_TIMEOUT.multipliedBy(4).toMillis())),
                Arguments.of("503", aResponse().withStatus(503).withBody("Service Unavailable")),
                Arguments.of("500 with a refusal-shaped body", json(500, rejectedBody())),
                Arguments.of("502 from a gateway", aResponse().withStatus(502).withBody("<html>Bad Gateway</html>")),
                Arguments.of("422 with a refusal-shaped body", json(422, rejectedBody())),
                Arguments.of("404", aResponse().withStatus(404)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenAnswers")
    void a_broken_transfer_answer_is_unknown_never_a_rejection(String fault, ResponseDefinitionBuilder answer) {
        wireMock.stubFor(post(urlPathEqualTo(TRANSFERS)).willReturn(answer));

        TransferOutcome outcome = client.transfer(REQUEST);

        assertThat(outcome).as("answer to a transfer met by: %s", fault).isInstanceOf(TransferOutcome.Unknown.class);
        // WireMock journals a request after its fault, so the reset can reach the client first
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> wireMock.verify(postRequestedFor(urlPathEqualTo(TRANSFERS))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenAnswers")
    void a_broken_inquiry_answer_is_unavailable_never_not_found(String fault, ResponseDefinitionBuilder answer) {
        wireMock.stubFor(get(urlPathEqualTo(INQUIRY)).willReturn(answer));

        InquiryResult result = client.inquire(KEY);

        assertThat(result).as("inquiry met by: %s", fault).isInstanceOf(InquiryResult.Unavailable.class);
    }

    @Test
    void the_unknown_reasons_name_what_went_wrong() {
        assertThat(reasonFor(aResponse().withStatus(503))).isEqualTo(UnknownReason.BANK_ERROR);
        assertThat(reasonFor(aResponse().withStatus(500))).isEqualTo(UnknownReason.BANK_ERROR);
        assertThat(reasonFor(json(200, "{}").withFixedDelay((int) REQUEST_TIMEOUT.multipliedBy(4).toMillis())))
                .isEqualTo(UnknownReason.TIMEOUT);
        assertThat(reasonFor(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))).isEqualTo(UnknownReason.CONNECTION_RESET);
        assertThat(reasonFor(json(200, "not json"))).isEqualTo(UnknownReason.UNEXPECTED);
        assertThat(reasonFor(json(200, "{\"outcome\":\"UNKNOWN\",\"reason\":\"KEY_REUSED_WITH_OTHER_BODY\",\"detail\":\"x\"}")))
                .isEqualTo(UnknownReason.KEY_REUSED_WITH_OTHER_BODY);
    }

    @Test
    void only_an_explicit_refusal_in_a_well_formed_answer_is_a_rejection() {
        wireMock.stubFor(post(urlPathEqualTo(TRANSFERS)).willReturn(json(200, rejectedBody())));

        assertThat(client.transfer(REQUEST)).isInstanceOfSatisfying(TransferOutcome.Rejected.class,
                rejected -> assertThat(rejected.closesKey()).isTrue());
    }

    @Test
    void an_accepted_answer_carries_the_banks_echo_not_the_request() {
        wireMock.stubFor(post(urlPathEqualTo(TRANSFERS)).willReturn(json(200, """
                {"outcome":"ACCEPTED","externalTransactionId":"tx-9","idempotencyKey":"77:2026-11-25:1",
                 "source":{"bankCode":"004","accountNumber":"1002-3344-5566"},
                 "destination":{"bankCode":"004","accountNumber":"2002-3344-5566"},
                 "amount":{"minorUnits":10001,"currency":"KRW"}}""")));

        TransferOutcome outcome = client.transfer(REQUEST);

        assertThat(outcome).isInstanceOfSatisfying(TransferOutcome.Accepted.class, accepted ->
                assertThat(accepted.echoMismatches(REQUEST)).containsExactly("amount: sent 10000 KRW, echoed 10001 KRW"));
    }

    private UnknownReason reasonFor(ResponseDefinitionBuilder answer) {
        wireMock.resetAll();
        wireMock.stubFor(post(urlPathEqualTo(TRANSFERS)).willReturn(answer));
        TransferOutcome outcome = client.transfer(REQUEST);
        assertThat(outcome).isInstanceOf(TransferOutcome.Unknown.class);
        return ((TransferOutcome.Unknown) outcome).reason();
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static String rejectedBody() {
        return "{\"outcome\":\"REJECTED\",\"code\":\"INSUFFICIENT_FUNDS\",\"kind\":\"BUSINESS\",\"retryable\":true,"
                + "\"message\":\"insufficient funds\"}";
    }
}
