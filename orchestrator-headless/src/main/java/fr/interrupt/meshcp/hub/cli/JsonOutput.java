package fr.interrupt.meshcp.hub.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The one JSON rendering of the CLI's {@code --json}: a document of maps, lists, strings, numbers, booleans and nulls
 * (the shapes of {@link fr.interrupt.meshcp.hub.mcp.SharedViews} and docs/CLI-JSON.md), indented, UTF-8, ending with a
 * newline. Non-ASCII text is written as is (JSON allows it); control characters are escaped, so a hostile file
 * name cannot reach the terminal raw.
 */
final class JsonOutput {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private JsonOutput() {
    }

    /** Writes {@code document} and a newline to {@code out}. */
    static void print(PrintWriter out, Object document) {
        try {
            MAPPER.writeValue(out, document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
        out.flush();
    }

    private static final ObjectMapper LINES = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    /** Writes {@code document} on one line (JSON Lines, for output that follows a source: {@code audit --follow --json}). */
    static void printLine(PrintWriter out, Object document) {
        try {
            LINES.writeValue(out, document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
        out.flush();
    }

    /**
     * An object whose last field is an array written entry by entry, for listings too long to hold ({@code ls} of a large
     * directory): {@code head}'s fields first, then {@code arrayName}; close it to end the document.
     */
    static StreamedArray streamArray(PrintWriter out, Map<String, Object> head, String arrayName) {
        try {
            JsonGenerator generator = MAPPER.getFactory().createGenerator(out);
            generator.useDefaultPrettyPrinter();
            generator.writeStartObject();
            for (Map.Entry<String, Object> field : head.entrySet()) {
                generator.writeFieldName(field.getKey());
                MAPPER.writeValue(generator, field.getValue());
            }
            generator.writeArrayFieldStart(arrayName);
            return new StreamedArray(generator, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The array of {@link #streamArray}: {@link #add} each entry, then {@link #close}. */
    static final class StreamedArray implements AutoCloseable {
        private final JsonGenerator generator;
        private final PrintWriter out;

        private StreamedArray(JsonGenerator generator, PrintWriter out) {
            this.generator = generator;
            this.out = out;
        }

        void add(Object entry) {
            try {
                MAPPER.writeValue(generator, entry);
                generator.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Ends the array and the document. */
        @Override
        public void close() {
            try {
                generator.writeEndArray();
                generator.writeEndObject();
                generator.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.println();
            out.flush();
        }
    }
}
