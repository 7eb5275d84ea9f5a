package fr.interrupt.meshcp.hub.mcp;

import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import java.util.Map;

/**
 * The SDK's check of every structured result against its tool's output schema, without its
 * cost at startup: the validator (a few hundred classes) loads on first use or when
 * {@link #warmUp()} runs in the background. Tool schemas themselves are checked by the tests,
 * not at each start.
 */
final class LazySchemaValidator implements JsonSchemaValidator {
    private volatile JsonSchemaValidator delegate;

    @Override
    public ValidationResponse validate(Map<String, Object> schema, Object structuredContent) {
        return delegate().validate(schema, structuredContent);
    }

    @Override
    public ValidationResponse validateSchema(Map<String, Object> schema) {
        return ValidationResponse.asValid(null);
    }

    void warmUp() {
        delegate();
    }

    private JsonSchemaValidator delegate() {
        JsonSchemaValidator d = delegate;
        if (d == null) {
            synchronized (this) {
                d = delegate;
                if (d == null) {
                    d = new DefaultJsonSchemaValidator();
                    delegate = d;
                }
            }
        }
        return d;
    }
}
