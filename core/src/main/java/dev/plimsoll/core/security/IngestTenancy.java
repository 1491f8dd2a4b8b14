package dev.plimsoll.core.security;

import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.telemetry.Validation;

import java.util.function.Function;

/**
 * What a caller may send to ingest, given its tenant binding: the write-side counterpart of {@link
 * Caller#tenantFor(String)}.
 *
 * <ul>
 *   <li>An unbound caller (or open mode) sends records as they are.
 *   <li>A caller bound to tenant {@code T} sends request events of {@code T} only: an event without
 *       tenant is stamped with {@code T}; an event naming another tenant is rejected (field {@code
 *       tenant}), on its own, like any invalid record.
 *   <li>Cost records and deploy markers carry no tenant, so a bound caller cannot send them at all:
 *       it could otherwise write shared costs or deploys that every tenant's views show.
 * </ul>
 *
 * Stateless and thread-safe; the guards it returns are too.
 */
public final class IngestTenancy {

    private IngestTenancy() {}

    /**
     * The per-record guard for request events sent by {@code caller}, for {@link
     * dev.plimsoll.core.telemetry.TelemetryBatches#decodeJson(byte[],
     * dev.plimsoll.core.telemetry.TelemetryCodec, long, int, Function)} and other decode loops.
     * Cost per record: one comparison of the tenant, plus one record copy when stamping.
     */
    public static Function<RequestEvent, Validation<RequestEvent>> requestEvents(Caller caller) {
        if (caller.tenant().isEmpty()) {
            return Validation::accepted;
        }
        String bound = caller.tenant().get();
        String boundTo =
                "must be '" + bound + "' (API key '" + caller.name() + "' is bound to it), was '";
        return event -> {
            if (event.tenant() == null) {
                return Validation.accepted(event.withTenant(bound));
            }
            if (event.tenant().equals(bound)) {
                return Validation.accepted(event);
            }
            return Validation.rejected("tenant", boundTo + event.tenant() + "'");
        };
    }

    /**
     * Whether {@code caller} may send records that carry no tenant (cost records, deploy markers).
     *
     * @param records what is being sent, plural, e.g. {@code cost records}, for the message
     * @return {@link AccessDecision.Granted} for an unbound caller; {@link
     *     AccessDecision.Forbidden} saying why for a tenant-bound one
     */
    public static AccessDecision untenantedRecords(Caller caller, String records) {
        if (caller.tenant().isEmpty()) {
            return new AccessDecision.Granted(caller);
        }
        return new AccessDecision.Forbidden(
                "API key '"
                        + caller.name()
                        + "' is bound to tenant '"
                        + caller.tenant().get()
                        + "', but "
                        + records
                        + " carry no tenant and would count for every tenant: send them with a"
                        + " key that is not bound to a tenant.");
    }
}
