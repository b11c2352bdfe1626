package io.trunkroute.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;

/** Writes JSON bodies and reads JSON requests, turning malformed input into 400 with the field. */
public final class JsonResponses {

    static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private JsonResponses() {
    }

    public static void ok(Exchange exchange, Object body) {
        write(exchange, 200, body);
    }

    public static void write(Exchange exchange, int status, Object body) {
        try {
            exchange.getMessage().setBody(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
    }

    public static void error(Exchange exchange, ApiException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        if (e.field() != null) {
            body.put("field", e.field());
        }
        write(exchange, e.status(), body);
    }

    /** Parses the request body as a JSON object; anything else is a 400. */
    public static JsonNode readObject(Exchange exchange) {
        String text = exchange.getIn().getBody(String.class);
        if (text == null || text.isBlank()) {
            throw ApiException.badField("body", "request body must be a JSON object");
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || !node.isObject()) {
                throw ApiException.badField("body", "request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiException.badField("body", "malformed JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
    }

    /** A required boolean field of a JSON object. */
    public static boolean requiredBoolean(JsonNode object, String field) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            throw ApiException.badField(field, "field '" + field + "' is required");
        }
        if (!v.isBoolean()) {
            throw ApiException.badField(field, "field '" + field + "' must be true or false");
        }
        return v.booleanValue();
    }
}
