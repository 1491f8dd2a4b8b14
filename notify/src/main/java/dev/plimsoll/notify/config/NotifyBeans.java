package dev.plimsoll.notify.config;

import dev.plimsoll.notify.contact.ContactPoint;
import dev.plimsoll.notify.contact.ContactPointFile;
import dev.plimsoll.notify.contact.ContactPointValidator;
import dev.plimsoll.notify.contact.Grouping;
import dev.plimsoll.notify.delivery.Attempt;
import dev.plimsoll.notify.delivery.HttpDelivery;
import dev.plimsoll.notify.format.Links;
import dev.plimsoll.notify.kafka.ContactPointRegistry;
import dev.plimsoll.notify.kafka.DeliveryLog;
import dev.plimsoll.notify.kafka.Outbox;
import dev.plimsoll.notify.ssrf.AllowList;
import dev.plimsoll.notify.ssrf.HostResolver;
import dev.plimsoll.notify.ssrf.TargetGuard;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Secondary;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The notify module's shared beans: the SSRF guard, contact points, the delivery log, the guarded
 * HTTP client. They are created when a role that needs them is enabled (the {@code notify} worker
 * or the {@code api} controllers inject them) and never otherwise.
 */
@Factory
public class NotifyBeans {

    static final String USER_AGENT = "Plimsoll-Notify/1";

    /** The system resolver; tests register their own. */
    @Singleton
    @Secondary
    HostResolver hostResolver() {
        return HostResolver.system();
    }

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    TargetGuard targetGuard(NotifySettings settings, HostResolver resolver) {
        return new TargetGuard(AllowList.parse(settings.allowHostsOrEmpty()), resolver);
    }

    @Singleton
    Grouping groupingDefaults(NotifySettings settings) {
        NotifySettings.GroupingDefaults g = settings.grouping();
        List<String> by =
                g.groupBy() == null || g.groupBy().isEmpty() ? List.of("rule") : g.groupBy();
        return new Grouping(by, g.groupWait(), g.groupInterval(), g.repeatInterval());
    }

    @Singleton
    ContactPointValidator validator(TargetGuard guard, Grouping defaults) {
        return new ContactPointValidator(guard, defaults);
    }

    @Singleton
    @Bean(preDestroy = "close")
    ContactPointRegistry contactPoints(
            NotifySettings settings,
            ContactPointValidator validator,
            @Property(name = "plimsoll.kafka.bootstrap-servers") String bootstrap) {
        Map<String, ContactPoint> file =
                settings.contactPointsFile() == null
                        ? Map.of()
                        : ContactPointFile.load(
                                settings.contactPointsFile(), validator, System::getenv);
        return new ContactPointRegistry(
                bootstrap, settings.topics().contactPoints(), file, "plimsoll-notify");
    }

    @Singleton
    @Bean(preDestroy = "close")
    DeliveryLog deliveryLog(
            NotifySettings settings,
            @Property(name = "plimsoll.kafka.bootstrap-servers") String bootstrap) {
        return new DeliveryLog(
                bootstrap, settings.topics().deliveries(), settings.retention(), "plimsoll-notify");
    }

    @Singleton
    @Bean(preDestroy = "close")
    Outbox outbox(
            NotifySettings settings,
            @Property(name = "plimsoll.kafka.bootstrap-servers") String bootstrap) {
        return new Outbox(bootstrap, settings.topics().outbox(), "plimsoll-notify");
    }

    @Singleton
    @Bean(preDestroy = "close")
    HttpDelivery httpDelivery(NotifySettings settings, TargetGuard guard) {
        NotifySettings.Delivery d = settings.delivery();
        return new HttpDelivery(
                guard, d.connectTimeout(), d.requestTimeout(), d.maxRedirects(), USER_AGENT);
    }

    @Singleton
    Attempt attempt(
            HttpDelivery http,
            NotifySettings settings,
            ApplicationContext context,
            @Nullable @Property(name = "plimsoll.public-url") String publicUrl) {
        Supplier<Links> links =
                () -> new Links(publicUrl(publicUrl, context), settings.dashboardUrl());
        return new Attempt(http, links);
    }

    /** {@code plimsoll.public-url}, or this process's own HTTP address when it serves one. */
    static String publicUrl(String configured, ApplicationContext context) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return context.findBean(EmbeddedServer.class)
                .filter(EmbeddedServer::isRunning)
                .map(s -> s.getURL().toString())
                .orElse(null);
    }
}
