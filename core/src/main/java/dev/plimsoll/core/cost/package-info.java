/**
 * Cost per user, framework-free and exact: a cost record's amount spread over the hours of its
 * charge period ({@link dev.plimsoll.core.cost.HourSpread}), attributed to a service by field or
 * tags ({@link dev.plimsoll.core.cost.ServiceAttribution}), shared cost divided by a configurable
 * policy ({@link dev.plimsoll.core.cost.SharedCostRules}), and the hourly and daily rows with cost
 * per user and per 1 000 requests ({@link dev.plimsoll.core.cost.CostAllocation}). Money is {@link
 * java.math.BigDecimal} at 18 decimal places throughout ({@link dev.plimsoll.core.cost.Money});
 * every split sums back to its whole exactly. The Flink job in module {@code cost} runs this.
 */
package dev.plimsoll.core.cost;
