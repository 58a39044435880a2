package org.opencdp.launcher.jobs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Jobs kept in one table of a small JDBC database (SQLite under the CDP home, or the stack's PostgreSQL), so
 * that a restarted server still answers for the jobs of its predecessors. The SQL is the subset both
 * databases share; times are epoch milliseconds.
 */
public final class JobStore implements AutoCloseable {
    static final String TABLE = "cdp_jobs";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, type, params, idempotency_key, state, created_at, started_at, finished_at, exit_code, metrics, message";

    private final String uri;
    private final Connection connection;

    private JobStore(String uri, Connection connection) {
        this.uri = uri;
        this.connection = connection;
    }

    /** Opens (and on first use creates) the job table of the database at {@code uri}. */
    public static JobStore open(String uri, Optional<String> user, Optional<String> password) {
        requireNonNull(uri, "uri is null");
        if (uri.startsWith("jdbc:sqlite:")) {
            Path file = Path.of(uri.substring("jdbc:sqlite:".length()));
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            catch (IOException e) {
                throw new UncheckedIOException("Cannot create the folder of the job store " + file, e);
            }
        }
        Properties properties = new Properties();
        user.ifPresent(value -> properties.setProperty("user", value));
        password.ifPresent(value -> properties.setProperty("password", value));
        try {
            Connection connection = DriverManager.getConnection(uri, properties);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " ("
                        + "id VARCHAR(64) PRIMARY KEY, "
                        + "type VARCHAR(64) NOT NULL, "
                        + "params TEXT NOT NULL, "
                        + "idempotency_key VARCHAR(256) NOT NULL UNIQUE, "
                        + "state VARCHAR(16) NOT NULL, "
                        + "created_at BIGINT NOT NULL, "
                        + "started_at BIGINT, "
                        + "finished_at BIGINT, "
                        + "exit_code INTEGER, "
                        + "metrics TEXT NOT NULL, "
                        + "message TEXT)");
            }
            return new JobStore(uri, connection);
        }
        catch (SQLException e) {
            throw new IllegalStateException("Cannot open the job store " + uri + ": " + e.getMessage(), e);
        }
    }

    public synchronized void insert(Job job) {
        String sql = "INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, job.id());
            statement.setString(2, job.type());
            statement.setString(3, toJson(job.params()));
            statement.setString(4, job.idempotencyKey());
            bindMutable(statement, 5, job);
            statement.executeUpdate();
        }
        catch (SQLException e) {
            throw failure("insert job " + job.id(), e);
        }
    }

    public synchronized void update(Job job) {
        String sql = "UPDATE " + TABLE + " SET state = ?, created_at = ?, started_at = ?, finished_at = ?, exit_code = ?, metrics = ?, message = ? WHERE id = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bindMutable(statement, 1, job);
            statement.setString(8, job.id());
            if (statement.executeUpdate() != 1) {
                throw new IllegalStateException("Job " + job.id() + " is not in the job store " + uri);
            }
        }
        catch (SQLException e) {
            throw failure("update job " + job.id(), e);
        }
    }

    public synchronized Optional<Job> find(String id) {
        return single("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE id = ?", id);
    }

    public synchronized Optional<Job> findByIdempotencyKey(String key) {
        return single("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE idempotency_key = ?", key);
    }

    /** Jobs newest first, optionally of one type and in one state. */
    public synchronized List<Job> list(Optional<String> type, Optional<JobState> state, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE 1 = 1");
        List<String> arguments = new ArrayList<>();
        type.ifPresent(value -> {
            sql.append(" AND type = ?");
            arguments.add(value);
        });
        state.ifPresent(value -> {
            sql.append(" AND state = ?");
            arguments.add(value.wireName());
        });
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ").append(limit);
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < arguments.size(); i++) {
                statement.setString(i + 1, arguments.get(i));
            }
            return read(statement);
        }
        catch (SQLException e) {
            throw failure("list jobs", e);
        }
    }

    /** Queued or running jobs, oldest first: what a starting server has to take over. */
    public synchronized List<Job> unfinished() {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE
                + " WHERE state IN ('queued', 'running') ORDER BY created_at, id")) {
            return read(statement);
        }
        catch (SQLException e) {
            throw failure("list unfinished jobs", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        }
        catch (SQLException e) {
            throw failure("close", e);
        }
    }

    private Optional<Job> single(String sql, String argument) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, argument);
            List<Job> jobs = read(statement);
            return jobs.stream().findFirst();
        }
        catch (SQLException e) {
            throw failure("read jobs", e);
        }
    }

    private static void bindMutable(PreparedStatement statement, int first, Job job) throws SQLException {
        statement.setString(first, job.state().wireName());
        statement.setLong(first + 1, job.createdAt().toEpochMilli());
        setInstant(statement, first + 2, job.startedAt());
        setInstant(statement, first + 3, job.finishedAt());
        if (job.exitCode().isPresent()) {
            statement.setInt(first + 4, job.exitCode().getAsInt());
        }
        else {
            statement.setNull(first + 4, Types.INTEGER);
        }
        statement.setString(first + 5, job.metrics());
        statement.setString(first + 6, job.message().orElse(null));
    }

    private static void setInstant(PreparedStatement statement, int index, Optional<Instant> instant) throws SQLException {
        if (instant.isPresent()) {
            statement.setLong(index, instant.get().toEpochMilli());
        }
        else {
            statement.setNull(index, Types.BIGINT);
        }
    }

    private static List<Job> read(PreparedStatement statement) throws SQLException {
        List<Job> jobs = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                int exitCode = rows.getInt("exit_code");
                OptionalInt exit = rows.wasNull() ? OptionalInt.empty() : OptionalInt.of(exitCode);
                jobs.add(new Job(
                        rows.getString("id"),
                        rows.getString("type"),
                        fromJson(rows.getString("params")),
                        rows.getString("idempotency_key"),
                        JobState.fromWireName(rows.getString("state")),
                        Instant.ofEpochMilli(rows.getLong("created_at")),
                        instant(rows, "started_at"),
                        instant(rows, "finished_at"),
                        exit,
                        rows.getString("metrics"),
                        Optional.ofNullable(rows.getString("message"))));
            }
        }
        return jobs;
    }

    private static Optional<Instant> instant(ResultSet rows, String column) throws SQLException {
        long millis = rows.getLong(column);
        return rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }

    private static String toJson(Map<String, String> params) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(params));
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write job parameters as JSON", e);
        }
    }

    private static Map<String, String> fromJson(String text) {
        try {
            return JSON.readValue(text, new TypeReference<Map<String, String>>() {});
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("Job parameters in the store are not a JSON object: " + text, e);
        }
    }

    private IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("Cannot " + what + " in the job store " + uri + ": " + e.getMessage(), e);
    }
}
