/**
 * Distinct users: the 64-bit user-id hash ({@link dev.plimsoll.core.users.UserIdHash}) and the
 * per-window distinct set ({@link dev.plimsoll.core.users.DistinctUsers}) stored in ClickHouse as
 * {@code users Array(UInt64)} and counted over hours and days with {@code uniqCombined64}.
 */
package dev.plimsoll.core.users;
