/**
 * The SSRF guard: which addresses a notification may be sent to. Framework-free and
 * connection-free: every decision is made on resolved addresses before any socket opens, and the
 * resolver is injectable so that tests decide without ever contacting such an address.
 */
package dev.plimsoll.notify.ssrf;
