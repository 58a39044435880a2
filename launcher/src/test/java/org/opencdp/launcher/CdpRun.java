package org.opencdp.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the command line, with what it printed. */
record CdpRun(int exitCode, String out, String err) {
    static CdpRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Cdp.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CdpRun(exitCode, out.toString(), err.toString());
    }
}
