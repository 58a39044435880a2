package org.opencdp.infra.stack;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The stack's PostgreSQL cluster in {@code <stack>/postgres}: initialised once (superuser {@value #SUPERUSER} with a
 * generated password, scram-sha-256 only), listening on the bind host and port, with the Iceberg catalog database
 * {@value #CATALOG_DATABASE} and the operational database {@value #OPS_DATABASE}. initdb refuses to run as root, so
 * under root every PostgreSQL command runs as the {@value #SYSTEM_USER} system user, which owns the cluster directory.
 */
public final class PostgresServer {
    public static final String SUPERUSER = "cdp";
    public static final String CATALOG_DATABASE = "iceberg";
    public static final String OPS_DATABASE = "ops";
    public static final String SYSTEM_USER = "postgres";
    public static final Path DEFAULT_BIN_DIRECTORY = Path.of("/usr/lib/postgresql/15/bin");
    private static final int COMMAND_TIMEOUT_SECONDS = 90;

    private final Path binDirectory;
    private final Path directory;
    private final String host;
    private final int port;
    private final boolean asSystemUser;

    public PostgresServer(Path binDirectory, Path directory, String host, int port) {
        this.binDirectory = requireNonNull(binDirectory, "binDirectory is null");
        this.directory = requireNonNull(directory, "directory is null").toAbsolutePath();
        this.host = requireNonNull(host, "host is null");
        this.port = port;
        this.asSystemUser = "root".equals(System.getProperty("user.name"));
    }

    /** The configured directory, else PostgreSQL 15's Debian location, else the directory of pg_ctl on PATH. */
    public static Path findBinDirectory(Optional<Path> configured, Optional<String> pathVariable) {
        if (configured.isPresent()) {
            if (!Files.isExecutable(configured.get().resolve("pg_ctl"))) {
                throw new IllegalStateException("stack.postgres-bin-dir " + configured.get() + " has no pg_ctl");
            }
            return configured.get();
        }
        if (Files.isExecutable(DEFAULT_BIN_DIRECTORY.resolve("pg_ctl"))) {
            return DEFAULT_BIN_DIRECTORY;
        }
        for (String entry : pathVariable.orElse("").split(File.pathSeparator)) {
            if (!entry.isBlank() && Files.isExecutable(Path.of(entry, "pg_ctl")) && Files.isExecutable(Path.of(entry, "initdb"))) {
                return Path.of(entry);
            }
        }
        throw new IllegalStateException("PostgreSQL not found: no " + DEFAULT_BIN_DIRECTORY + "/pg_ctl and no pg_ctl with initdb on PATH;"
                + " install PostgreSQL 15 (e.g. apt-get install postgresql-15) or set stack.postgres-bin-dir");
    }

    public Path dataDirectory() {
        return directory.resolve("data");
    }

    public Path log() {
        return directory.resolve("postgres.log");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** Initialises the cluster unless it exists, starts it and creates the databases; returns the postmaster. */
    public OwnedProcess start(String password) {
        prepareDirectory();
        if (!Files.isRegularFile(dataDirectory().resolve("PG_VERSION"))) {
            initdb(password);
        }
        run(List.of(binDirectory.resolve("pg_ctl").toString(), "-D", dataDirectory().toString(), "-l", log().toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -h " + host + " -k " + directory, "start"), "pg_ctl start");
        OwnedProcess postmaster = postmaster().orElseThrow(() -> new IllegalStateException(
                "PostgreSQL reported a start but wrote no postmaster.pid in " + dataDirectory()));
        createDatabases(password);
        return postmaster;
    }

    public void stop() {
        if (Files.isRegularFile(dataDirectory().resolve("postmaster.pid"))) {
            run(List.of(binDirectory.resolve("pg_ctl").toString(), "-D", dataDirectory().toString(), "-m", "fast", "-w", "-t", "60", "stop"),
                    "pg_ctl stop");
        }
    }

    private Optional<OwnedProcess> postmaster() {
        Path pidFile = dataDirectory().resolve("postmaster.pid");
        try {
            if (!Files.isReadable(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.UTF_8).get(0).strip());
            return ProcessHandle.of(pid).map(OwnedProcess::of);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + pidFile, e);
        }
    }

    private void initdb(String password) {
        Path passwordFile = directory.resolve("initdb.pw");
        try {
            Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
            own(passwordFile);
            run(List.of(binDirectory.resolve("initdb").toString(), "-D", dataDirectory().toString(), "-U", SUPERUSER,
                    "--pwfile=" + passwordFile, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C"), "initdb");
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + passwordFile, e);
        }
        finally {
            try {
                Files.deleteIfExists(passwordFile);
            }
            catch (IOException ignored) {
                // best effort: the file is readable by its owner only
            }
        }
    }

    private void createDatabases(String password) {
        Properties properties = new Properties();
        properties.setProperty("user", SUPERUSER);
        properties.setProperty("password", password);
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), properties)) {
            for (String database : List.of(CATALOG_DATABASE, OPS_DATABASE)) {
                try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                    exists.setString(1, database);
                    try (ResultSet result = exists.executeQuery()) {
                        if (result.next()) {
                            continue;
                        }
                    }
                }
                try (Statement create = connection.createStatement()) {
                    create.execute("CREATE DATABASE " + database);
                }
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException("Cannot create the databases in PostgreSQL at " + jdbcUrl("postgres") + ": " + e.getMessage(), e);
        }
    }

    /** The cluster directory, owned by the user PostgreSQL runs as, and reachable by that user. */
    private void prepareDirectory() {
        try {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            if (!asSystemUser) {
                return;
            }
            for (Path ancestor = directory.getParent(); ancestor != null; ancestor = ancestor.getParent()) {
                if (!Files.getPosixFilePermissions(ancestor).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new IllegalStateException("PostgreSQL runs as the '" + SYSTEM_USER + "' user (initdb refuses root) and cannot reach "
                            + directory + ": " + ancestor + " is not traversable by other users; run 'chmod o+x " + ancestor
                            + "' or use a CDP home under a traversable directory");
                }
            }
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.toList()) {
                    own(path);
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + directory, e);
        }
    }

    private void own(Path path) throws IOException {
        if (!asSystemUser) {
            return;
        }
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user;
        GroupPrincipal group;
        try {
            user = lookup.lookupPrincipalByName(SYSTEM_USER);
            group = lookup.lookupPrincipalByGroupName(SYSTEM_USER);
        }
        catch (IOException e) {
            throw new IllegalStateException("Running as root, PostgreSQL needs the '" + SYSTEM_USER + "' system user, which does not exist;"
                    + " create it (useradd --system postgres) or run cdp as a regular user", e);
        }
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(user);
        view.setGroup(group);
    }

    private void run(List<String> command, String what) {
        List<String> full = new ArrayList<>();
        if (asSystemUser) {
            full.addAll(List.of("runuser", "-u", SYSTEM_USER, "--"));
        }
        full.addAll(command);
        try {
            Process process = new ProcessBuilder(full)
                    .directory(directory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .start();
            // pg_ctl start leaves the server holding no handle on this pipe (its output goes to the log file)
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(what + " did not finish within " + COMMAND_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(what + " failed (exit " + process.exitValue() + "): " + output.strip()
                        + (Files.isReadable(log()) ? "; see " + log() : ""));
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + full.get(0) + (asSystemUser ? " (runuser is needed to run PostgreSQL as "
                    + SYSTEM_USER + " when cdp runs as root)" : ""), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during " + what, e);
        }
    }
}
