package org.opencdp.launcher.stack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Callable;
import org.opencdp.infra.stack.LocalStack;
import org.opencdp.infra.trino.ResultTable;
import org.opencdp.infra.trino.TrinoEndpoint;
import org.opencdp.launcher.Cdp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** SQL through the stack's Trino server, as one of its users: one statement with {@code -e}, else a prompt. */
@Command(name = "sql", description = "Query the lakehouse through Trino (JDBC over HTTPS); start it first with 'cdp stack up'.")
public final class SqlCommand implements Callable<Integer> {
    @ParentCommand
    Cdp cdp;

    @Spec
    CommandSpec spec;

    @Option(names = {"-e", "--execute"}, paramLabel = "SQL", description = "Run one statement, print the result and exit.")
    String statement;

    @Option(names = "--user", defaultValue = "analyst", description = "Trino user (its password comes from the stack's secrets). Default: ${DEFAULT-VALUE}.")
    String user;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        LocalStack stack = StackCommand.stack(cdp, out);
        TrinoEndpoint endpoint = stack.trinoEndpoint();
        try (Connection connection = endpoint.connect(user, stack.trinoPassword(user))) {
            if (statement != null) {
                run(connection, statement, out);
                return Cdp.EXIT_OK;
            }
            prompt(connection, out);
            return Cdp.EXIT_OK;
        }
        catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void prompt(Connection connection, PrintWriter out) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        out.printf("Connected to %s as %s. End statements with ';', quit with 'quit' or Ctrl-D.%n", urlOf(connection), user);
        StringBuilder buffer = new StringBuilder();
        while (true) {
            out.print(buffer.isEmpty() ? "cdp> " : "  -> ");
            out.flush();
            String line = in.readLine();
            if (line == null || (buffer.isEmpty() && (line.strip().equalsIgnoreCase("quit") || line.strip().equalsIgnoreCase("exit")))) {
                out.println();
                return;
            }
            buffer.append(line).append('\n');
            String text = buffer.toString().strip();
            if (!text.endsWith(";")) {
                continue;
            }
            buffer.setLength(0);
            String sql = text.substring(0, text.length() - 1).strip();
            if (sql.isEmpty()) {
                continue;
            }
            try {
                run(connection, sql, out);
            }
            catch (SQLException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage());
                spec.commandLine().getErr().flush();
            }
        }
    }

    private static String urlOf(Connection connection) {
        try {
            return connection.getMetaData().getURL();
        }
        catch (SQLException e) {
            return "Trino";
        }
    }

    private static void run(Connection connection, String sql, PrintWriter out) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (statement.execute(sql)) {
                ResultTable.print(statement.getResultSet(), out);
            }
            else {
                out.printf("OK (%d rows)%n", statement.getLargeUpdateCount());
                out.flush();
            }
        }
    }
}
