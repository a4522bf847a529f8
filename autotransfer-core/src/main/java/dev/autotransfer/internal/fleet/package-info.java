/**
 * The fleet of engine nodes over one database: runs, heartbeats and liveness ({@code RunTracker}),
 * each node's share of a bank's quotas ({@code FleetShare}), the gradual rollout and its stop on a
 * failure rate ({@code RolloutController}) and the run-size warning. Not API.
 */
package dev.autotransfer.internal.fleet;
