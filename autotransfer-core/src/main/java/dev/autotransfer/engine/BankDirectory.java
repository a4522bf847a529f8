package dev.autotransfer.engine;

import dev.autotransfer.bank.BankClient;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds the {@link BankClient} for a bank code; the client's {@link BankClient#terms()} give the
 * bank's key retention and quota.
 *
 * <p>Implementations must be thread-safe and return the same client for a code for the engine's
 * whole life.
 */
public interface BankDirectory {

    /** The bank codes the engine claims work for. */
    Set<String> bankCodes();

    /** The client of a bank, if the directory knows it. */
    Optional<BankClient> client(String bankCode);

    /** A fixed directory over a map of bank code to client (copied). */
    static BankDirectory of(Map<String, ? extends BankClient> clients) {
        Map<String, BankClient> copy = new TreeMap<>(Objects.requireNonNull(clients, "clients"));
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("clients must name at least one bank");
        }
        copy.forEach((code, client) -> Objects.requireNonNull(client, "client of bank " + code));
        Set<String> codes = Set.copyOf(copy.keySet());
        return new BankDirectory() {
            @Override
            public Set<String> bankCodes() {
                return codes;
            }

            @Override
            public Optional<BankClient> client(String bankCode) {
                return Optional.ofNullable(copy.get(bankCode));
            }
        };
    }
}
