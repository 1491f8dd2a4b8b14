package dev.plimsoll.core.archfixture;

import java.sql.Connection;
import java.sql.SQLException;

/** A deliberate boundary violation, used to prove the core rule can fail. */
public final class UsesJdbc {
    private UsesJdbc() {}

    public static boolean isOpen(Connection connection) throws SQLException {
        return !connection.isClosed();
    }
}
