/**
 * Entropy alerts: the rule store and {@code /api/v1/rules}, {@code /api/v1/alerts}, {@code
 * /api/v1/silences}; the evaluator (role {@code alerts}); the alert history and deploy markers in
 * ClickHouse. The rule math and the alert state machine are core's ({@code
 * dev.plimsoll.core.alert}); metrics are read through {@code metrics-read}, exactly as the API
 * reads them.
 */
package dev.plimsoll.alerts;
