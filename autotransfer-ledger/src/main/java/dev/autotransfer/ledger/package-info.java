/**
 * The ledger of internal accounts (seed 002): customers, their main and savings accounts, movements
 * recorded as insert-only double-entry postings, and holds for payments in flight.
 *
 * <p>Money is conserved: every movement debits one account and credits another by the same amount,
 * so the entries of a movement sum to zero; a customer account's available balance (posted minus
 * held) never goes below zero. Storage is the {@link dev.autotransfer.ledger.Ledger} SPI;
 * {@code autotransfer-jdbc} implements it.
 */
package dev.autotransfer.ledger;
