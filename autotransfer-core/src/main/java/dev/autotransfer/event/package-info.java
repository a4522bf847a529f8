/**
 * What the engine tells the application while it works: {@link dev.autotransfer.event.EngineListener}
 * hooks (all no-op by default, called on the engine's threads, never allowed to throw into it) and
 * the {@link dev.autotransfer.event.Alarm} records that need a person.
 */
package dev.autotransfer.event;
