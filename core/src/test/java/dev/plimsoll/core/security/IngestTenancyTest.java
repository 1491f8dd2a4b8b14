package dev.plimsoll.core.security;

import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.telemetry.Validation;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class IngestTenancyTest {

    private final Caller unbound = new Caller("ops", Set.of(Scope.INGEST), Optional.empty());
    private final Caller acme =
            new Caller("acme-ingest", Set.of(Scope.INGEST), Optional.of("acme"));

    private static RequestEvent event(String tenant) {
        return new RequestEvent("orders", "GET /x", 1_000_000L, 2.5, 200, false, "u-1", tenant);
    }

    @Test
    void unboundCallersSendEventsAsTheyAre() {
        Function<RequestEvent, Validation<RequestEvent>> guard =
                IngestTenancy.requestEvents(unbound);

        assertThat(guard.apply(event(null))).isEqualTo(Validation.accepted(event(null)));
        assertThat(guard.apply(event("globex"))).isEqualTo(Validation.accepted(event("globex")));
    }

    @Test
    void openModeIsUnbound() {
        assertThat(IngestTenancy.requestEvents(Caller.openMode()).apply(event("globex")))
                .isEqualTo(Validation.accepted(event("globex")));
    }

    @Test
    void aBoundCallersEventWithoutTenantIsStamped() {
        assertThat(IngestTenancy.requestEvents(acme).apply(event(null)))
                .isEqualTo(Validation.accepted(event("acme")));
    }

    @Test
    void aBoundCallersEventOfItsOwnTenantIsKept() {
        assertThat(IngestTenancy.requestEvents(acme).apply(event("acme")))
                .isEqualTo(Validation.accepted(event("acme")));
    }

    @Test
    void aBoundCallersEventOfAnotherTenantIsRejectedNamingTheBoundTenant() {
        Validation<RequestEvent> v = IngestTenancy.requestEvents(acme).apply(event("globex"));

        assertThat(v)
                .isEqualTo(
                        Validation.rejected(
                                "tenant",
                                "must be 'acme' (API key 'acme-ingest' is bound to it), was"
                                        + " 'globex'"));
        assertThat(((Validation.Rejected<RequestEvent>) v).message())
                .isEqualTo(
                        "tenant: must be 'acme' (API key 'acme-ingest' is bound to it), was"
                                + " 'globex'");
    }

    @Test
    void tenantMatchingIsExact() {
        assertThat(IngestTenancy.requestEvents(acme).apply(event("ACME")).isAccepted()).isFalse();
        assertThat(IngestTenancy.requestEvents(acme).apply(event("acme ")).isAccepted()).isFalse();
    }

    @Test
    void untenantedRecordsAreForUnboundCallersOnly() {
        assertThat(IngestTenancy.untenantedRecords(unbound, "cost records"))
                .isEqualTo(new AccessDecision.Granted(unbound));
        assertThat(IngestTenancy.untenantedRecords(Caller.openMode(), "deploy markers"))
                .isEqualTo(new AccessDecision.Granted(Caller.openMode()));
        assertThat(IngestTenancy.untenantedRecords(acme, "cost records"))
                .isEqualTo(
                        new AccessDecision.Forbidden(
                                "API key 'acme-ingest' is bound to tenant 'acme', but cost"
                                        + " records carry no tenant and would count for every"
                                        + " tenant: send them with a key that is not bound to a"
                                        + " tenant."));
    }
}
