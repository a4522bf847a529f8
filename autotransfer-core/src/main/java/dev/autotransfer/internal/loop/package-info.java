/**
 * The engine's work loop: which (bank, priority) lane a worker takes next ({@code LaneScheduler})
 * and how many workers claim at once under the store's load ({@code WorkerLimit}). Not API.
 */
package dev.autotransfer.internal.loop;
