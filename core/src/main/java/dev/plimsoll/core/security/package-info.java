/**
 * API keys, scopes and tenant binding: the framework-free access rules that every HTTP adapter
 * applies with a thin filter of its own.
 *
 * <p>Keys are random, high-entropy bearer tokens. Only their SHA-256 digests are configured and
 * kept in memory ({@link dev.plimsoll.core.security.KeyDigest}); a presented key is hashed and
 * compared in constant time with every configured digest ({@link
 * dev.plimsoll.core.security.ApiKeyRing}). A key carries {@linkplain
 * dev.plimsoll.core.security.Scope scopes} ({@code ingest}, {@code read}, {@code admin}) and may be
 * bound to one tenant, whose data is then the only data it can read ({@link
 * dev.plimsoll.core.security.Caller#tenantFor(String)}). Key files can be re-read while the process
 * runs ({@link dev.plimsoll.core.security.ReloadingApiKeyRing}).
 */
package dev.plimsoll.core.security;
