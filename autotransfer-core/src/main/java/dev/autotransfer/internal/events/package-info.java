/**
 * Delivery of engine events to the application's listeners: a listener that never lets a
 * listener's exception into the engine, and fan-out to several listeners. Not API.
 */
package dev.autotransfer.internal.events;
