/**
 * The ledger store's row mappers, transaction signals and statement loader. Not API: may change in any
 * release.
 */
package dev.autotransfer.ledger.internal;
