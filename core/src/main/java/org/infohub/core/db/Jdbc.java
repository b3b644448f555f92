package org.infohub.core.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * A small JDBC helper: parameterised queries, row mappers and transactions. Inside
 * {@link #inTransaction} every call on the same thread uses the transaction's connection.
 */
public final class Jdbc {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Jdbc.class);


    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    /** MariaDB's error code for a broken unique key. */
    private static final int ER_DUP_ENTRY = 1062;

    private final DataSource dataSource;
    private final ThreadLocal<Connection> current = new ThreadLocal<>();

    public Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return withConnection(sql, c -> {
            try (PreparedStatement ps = prepare(c, sql, false, params); ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        });
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = query(sql, mapper, params);
        if (rows.size() > 1) {
            throw new DataAccessException("expected at most one row, got " + rows.size() + ": " + sql, null);
        }
        return rows.stream().findFirst();
    }

    public long queryLong(String sql, Object... params) {
        return queryOne(sql, rs -> rs.getLong(1), params).orElse(0L);
    }

    /** Runs an update and returns the number of rows changed. */
    public int execute(String sql, Object... params) {
        return withConnection(sql, c -> {
            try (PreparedStatement ps = prepare(c, sql, false, params)) {
                return ps.executeUpdate();
            }
        });
    }

    /** The most rows {@link #insertRows} puts in one statement. */
    public static final int ROWS_AT_ONCE = 500;

    /**
     * Inserts {@code rows}, each holding one value per column in the order {@code head} names them,
     * in multi-row statements of up to {@link #ROWS_AT_ONCE} rows. {@code head} is the statement up
     * to its first row, e.g. {@code "INSERT IGNORE INTO t (a, b) VALUES "}. One statement for a post's
     * hundreds of rows where one each cost MariaDB a parse and a round trip a row.
     *
     * @return the rows changed, over all statements
     */
    public int insertRows(String head, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        int columns = rows.get(0).length;
        StringBuilder group = new StringBuilder("(");
        for (int c = 0; c < columns; c++) {
            group.append(c == 0 ? "?" : ", ?");
        }
        group.append(')');
        int changed = 0;
        for (int from = 0; from < rows.size(); from += ROWS_AT_ONCE) {
            List<Object[]> part = rows.subList(from, Math.min(rows.size(), from + ROWS_AT_ONCE));
            StringBuilder sql = new StringBuilder(head.length() + part.size() * (group.length() + 2)).append(head);
            Object[] params = new Object[part.size() * columns];
            for (int r = 0; r < part.size(); r++) {
                Object[] row = part.get(r);
                if (row.length != columns) {
                    throw new IllegalArgumentException("row " + (from + r) + " has " + row.length + " values, not " + columns);
                }
                sql.append(r == 0 ? "" : ", ").append(group);
                System.arraycopy(row, 0, params, r * columns, columns);
            }
            changed += execute(sql.toString(), params);
        }
        return changed;
    }

    /** Runs an insert and returns the generated key. */
    public long insert(String sql, Object... params) {
        return withConnection(sql, c -> {
            try (PreparedStatement ps = prepare(c, sql, true, params)) {
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    if (!keys.next()) {
                        throw new SQLException("no generated key");
                    }
                    return keys.getLong(1);
                }
            }
        });
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Work<T> work) {
        if (current.get() != null) {
            try {
                return work.run();
            } catch (SQLException e) {
                throw translate("transaction", e);
            }
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return once(work);
            } catch (DataAccessException e) {
                if (!conflict(e) || attempt >= CONFLICT_ATTEMPTS) {
                    throw e;
                }
                CONFLICTS_RETRIED.incrementAndGet();
                pause(attempt);
            }
        }
    }

    private <T> T once(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            current.set(c);
            try {
                T result = work.run();
                c.commit();
                return result;
            } catch (Throwable e) {
                // Any failure, an Error such as StackOverflowError included, rolls back: the
                // setAutoCommit(true) below would otherwise commit half of the work.
                rollbackQuietly(c, e);
                if (e instanceof SQLException sql) {
                    throw translate("transaction", sql);
                }
                if (e instanceof RuntimeException r) {
                    throw r;
                }
                if (e instanceof Error err) {
                    throw err;
                }
                throw new DataAccessException("transaction failed: " + e, e);
            } finally {
                current.remove();
                restoreAutoCommit(c);
            }
        } catch (SQLException e) {
            throw translate("transaction", e);
        }
    }

    /**
     * How many times a transaction (or a statement outside one) is run when the database rolls it
     * back for a conflict with another: InnoDB's deadlock, and Galera's certification failure when
     * two nodes of the cluster wrote the same row at once (both are error 1213, SQLSTATE 40001).
     * The database undid the work, so running it again is safe.
     */
    static final int CONFLICT_ATTEMPTS = 8;
    private static final int ER_LOCK_DEADLOCK = 1213;
    private static final java.util.concurrent.atomic.AtomicLong CONFLICTS_RETRIED = new java.util.concurrent.atomic.AtomicLong();

    /** Transactions and statements run again after a conflict since this process started (a metric). */
    public static long conflictsRetried() {
        return CONFLICTS_RETRIED.get();
    }

    static boolean conflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && (sql.getErrorCode() == ER_LOCK_DEADLOCK || "40001".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** A short pause that grows, with jitter, so two nodes that conflicted do not meet again at once. */
    private static void pause(int attempt) {
        // No statement text or values: only that a conflict happened, for the operator and the
        // Galera run (bench/galera) that counts them.
        LOG.info("a transaction was rolled back for a conflict (deadlock or Galera certification); running it again, attempt {} of {}",
                attempt + 1, CONFLICT_ATTEMPTS);
        long millis = Math.min(200, 5L << Math.min(attempt, 5));
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, millis + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataAccessException("interrupted while waiting to run a transaction again", e);
        }
    }

    /**
     * Gives the connection back in autocommit mode. When the connection broke during the work, the
     * pool has closed it and this fails too ("Connection is closed", with no SQLSTATE): that must
     * not hide the failure that is on its way out (a database gone away would look like a bad
     * statement, and a mail would be set aside instead of retried), nor fail work that committed.
     * The pool resets a connection's autocommit when it takes it back in any case.
     */
    private static void restoreAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.debug("a connection could not be set back to autocommit: {}", e.getMessage());
        }
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException r) {
            cause.addSuppressed(r);
        }
    }

    private interface ConnectionWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T withConnection(String sql, ConnectionWork<T> work) {
        Connection tx = current.get();
        if (tx != null) {
            try {
                return work.run(tx);
            } catch (SQLException e) {
                throw translate(sql, e);
            }
        }
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                return work.run(c);
            } catch (SQLException e) {
                if (!conflict(e) || attempt >= CONFLICT_ATTEMPTS) {
                    throw translate(sql, e);
                }
                CONFLICTS_RETRIED.incrementAndGet();
                pause(attempt);
            }
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, boolean keys, Object... params)
            throws SQLException {
        PreparedStatement ps = keys ? c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS) : c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof Instant instant) {
                ps.setTimestamp(i + 1, Timestamp.from(instant));
            } else if (p instanceof Optional<?> opt) {
                ps.setObject(i + 1, opt.orElse(null));
            } else if (p instanceof Enum<?> e) {
                ps.setString(i + 1, e.name());
            } else {
                ps.setObject(i + 1, p);
            }
        }
        return ps;
    }

    private static DataAccessException translate(String sql, SQLException e) {
        String what = sql.length() > 80 ? sql.substring(0, 80) + "..." : sql;
        if (e.getErrorCode() == ER_DUP_ENTRY) {
            return new DuplicateKeyException("duplicate key: " + e.getMessage(), e);
        }
        return new DataAccessException("database call failed (" + what + "): " + e.getMessage(), e);
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
