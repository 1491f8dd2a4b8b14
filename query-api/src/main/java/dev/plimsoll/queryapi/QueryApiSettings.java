package dev.plimsoll.queryapi;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Query API settings ({@code plimsoll.api.*}). The API itself is switched off with {@code
 * plimsoll.api.enabled=false} (the {@code app} process does so when the {@code api} role is not
 * selected).
 *
 * @param maxPoints the most points one series response may hold; a smaller step is refused with 400
 */
@ConfigurationProperties("plimsoll.api")
public record QueryApiSettings(
        @Bindable(defaultValue = "10000") @Min(1) @Max(1_000_000) int maxPoints) {}
