/**
 * One class per service that turns a {@link dev.plimsoll.notify.model.Notification} into one HTTP
 * request within that service's documented limits (truncating, never failing) and says whether a
 * response means delivered, retry or give up. Nothing here retries, deduplicates or connects: those
 * are the shared stages in {@link dev.plimsoll.notify.delivery}. Framework-free.
 */
package dev.plimsoll.notify.format;
