package dev.plimsoll.notify.http;

import dev.plimsoll.core.security.AccessDecision;
import dev.plimsoll.core.security.ApiKeyHeaders;
import dev.plimsoll.core.security.Scope;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * API keys on the notify routes: reading ({@code GET}) needs scope {@code read}; creating,
 * changing, deleting and test-sending need {@code admin}. No or unknown key: 401; a key without the
 * scope: 403, as problem+json.
 */
@ServerFilter({
    "/api/v1/contact-points",
    "/api/v1/contact-points/**",
    "/api/v1/deliveries",
    "/api/v1/deliveries/**"
})
@Requires(property = "plimsoll.api.enabled", notEquals = "false")
public final class NotifyKeyFilter implements Ordered {

    private final NotifyKeyStore store;

    public NotifyKeyFilter(NotifyKeyStore store) {
        this.store = store;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.order();
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> authenticate(HttpRequest<?> request) {
        boolean reading =
                request.getMethod() == HttpMethod.GET || request.getMethod() == HttpMethod.HEAD;
        Scope required = reading ? Scope.READ : Scope.ADMIN;
        AccessDecision d = store.access().authorize(request.getHeaders()::get, required);
        if (d instanceof AccessDecision.Granted) {
            return null;
        }
        String path = request.getPath();
        if (d instanceof AccessDecision.Forbidden f) {
            return ProblemHandlers.respond(
                    Problem.of(
                                    403,
                                    "insufficient-scope",
                                    "API key lacks the required scope",
                                    f.reason()
                                            + (reading
                                                    ? ""
                                                    : " Changing contact points and sending test"
                                                            + " messages needs scope admin."))
                            .at(path));
        }
        return ProblemHandlers.respond(
                        Problem.of(
                                        401,
                                        "unauthenticated",
                                        "API key required",
                                        ((AccessDecision.Unauthenticated) d).reason())
                                .at(path))
                .header(HttpHeaders.WWW_AUTHENTICATE, ApiKeyHeaders.CHALLENGE);
    }
}
