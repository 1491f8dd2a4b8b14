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
 *
 * <p>What both adapters share lives here too, so that their filters stay thin: reading the key from
 * the request headers ({@link dev.plimsoll.core.security.ApiKeyHeaders}), the mode, the keys in
 * force and the log notices ({@link dev.plimsoll.core.security.ApiKeyAccess}), and the tenant rules
 * on the write side ({@link dev.plimsoll.core.security.IngestTenancy}).
 */
package dev.plimsoll.core.security;
