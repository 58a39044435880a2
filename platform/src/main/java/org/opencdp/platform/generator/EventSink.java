package org.opencdp.platform.generator;

import java.io.IOException;

/**
 * Receives every generated line, good and bad, in the same order as they are written to the files, so
 * the same records can be sent to Kafka or over HTTP without files. Called from a single thread.
 */
@FunctionalInterface
public interface EventSink
{
    /**
     * @param source the stream the line belongs to ({@link OmoSource#sourceName()} gives its name)
     * @param line one UTF-8 JSON line without the trailing newline; the array is not reused by the generator
     */
    void accept(OmoSource source, byte[] line)
            throws IOException;
}
