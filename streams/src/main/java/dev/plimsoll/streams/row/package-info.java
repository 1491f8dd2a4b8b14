/** The final service-minute row and its JSON encoding on {@code metrics.service-minute.v1}. */
package dev.plimsoll.streams.row;
