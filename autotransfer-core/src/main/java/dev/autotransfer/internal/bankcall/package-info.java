/**
 * The way from a decided call to one bank and back: admission (this node's share, the exact
 * sliding-second window, the rate limiter, the calls-in-flight bulkhead, priority room in the
 * pipeline, backpressure) and the guarded call (circuit breaker, the bank's own pool without a
 * queue, the time limit). {@code BankLane} puts them together per bank. Not API.
 */
package dev.autotransfer.internal.bankcall;
