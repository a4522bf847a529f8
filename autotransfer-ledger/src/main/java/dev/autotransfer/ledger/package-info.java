/**
 * The ledger of internal accounts: customers, their main and savings accounts, movements recorded as
 * insert-only double-entry postings, holds for payments in flight, pulls from a customer's linked
 * account under a {@link dev.autotransfer.ledger.DailyPullLimit daily limit}.
 *
 * <p>Money is conserved: every movement debits one account and credits another by the same amount,
 * so the entries of a movement sum to zero; a customer account's available balance (posted minus
 * held) never goes below zero. Storage is the {@link dev.autotransfer.ledger.Ledger} SPI;
 * {@link dev.autotransfer.ledger.jdbc.JdbcLedger} implements it, and
 * {@link dev.autotransfer.ledger.jdbc.JdbcLedgerBank} offers the accounts to the engine as a bank.
 */
package dev.autotransfer.ledger;
