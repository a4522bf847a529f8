/**
 * The execution protocol for one chunk of one (bank, priority): the claim, the decision from an
 * occurrence's history ({@code StepPlanner}), the retry and backoff decision ({@code RetryPolicy}),
 * STARTED before the call, the calls, and recording the outcomes with the schedule's advance
 * ({@code ScheduleAdvancer}). Not API: anything here may change in any release.
 */
package dev.autotransfer.internal.protocol;
