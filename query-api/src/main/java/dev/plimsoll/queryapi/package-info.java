/** The Micronaut query API under /api/v1. */
package dev.plimsoll.queryapi;
