package dev.plimsoll.notify.http;

import dev.plimsoll.notify.kafka.ContactPointRegistry;
import dev.plimsoll.notify.kafka.DeliveryLog;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;

/**
 * Loads the contact points and the delivery log when the API starts (not on its first request), so
 * that a missing topic or a broken contact points file stops the start with a clear message.
 */
@Context
@Requires(property = "plimsoll.api.enabled", notEquals = "false")
final class ApiStartup {

    ApiStartup(ContactPointRegistry registry, DeliveryLog log) {
        // nothing else: injecting them creates them
    }
}
