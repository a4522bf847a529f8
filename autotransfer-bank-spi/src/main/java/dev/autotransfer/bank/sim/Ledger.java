package dev.autotransfer.bank.sim;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The accounts of every simulated bank and their balances; balances never go negative. Guarded by the bank's lock. */
final class Ledger {

    private static final class Account {
        Money balance;
        boolean closed;

        Account(Money balance) {
            this.balance = balance;
        }
    }

    private final Map<AccountRef, Account> accounts = new HashMap<>();
    private final Set<String> bankCodes = new HashSet<>();

    void open(AccountRef ref, Money initialBalance) {
        Objects.requireNonNull(ref, "account");
        Objects.requireNonNull(initialBalance, "initialBalance");
        if (initialBalance.isNegative()) {
            throw new IllegalArgumentException("initialBalance of " + ref + " must not be negative, was " + initialBalance);
        }
        if (accounts.containsKey(ref)) {
            throw new IllegalArgumentException("account " + ref + " is already open");
        }
        accounts.put(ref, new Account(initialBalance));
        bankCodes.add(ref.bankCode());
    }

    void close(AccountRef ref) {
        account(ref).closed = true;
    }

    void deposit(AccountRef ref, Money amount) {
        Objects.requireNonNull(amount, "amount").requirePositive("deposit amount");
        credit(ref, amount);
    }

    Money balance(AccountRef ref) {
        return account(ref).balance;
    }

    boolean exists(AccountRef ref) {
        return accounts.containsKey(ref);
    }

    boolean isClosed(AccountRef ref) {
        return account(ref).closed;
    }

    /** Whether any account was opened at the bank code, which makes it a bank inside the simulation. */
    boolean holdsBank(String bankCode) {
        return bankCodes.contains(bankCode);
    }

    void debit(AccountRef ref, Money amount) {
        Account account = account(ref);
        Money after = account.balance.minus(amount);
        if (after.isNegative()) {
            throw new IllegalStateException("debit of " + amount + " would take " + ref + " below zero");
        }
        account.balance = after;
    }

    void credit(AccountRef ref, Money amount) {
        Account account = account(ref);
        account.balance = account.balance.plus(amount);
    }

    private Account account(AccountRef ref) {
        Objects.requireNonNull(ref, "account");
        Account account = accounts.get(ref);
        if (account == null) {
            throw new IllegalArgumentException("account " + ref + " is not open in the simulation");
        }
        return account;
    }
}
