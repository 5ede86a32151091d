package io.roomgate.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;

/** A received server frame, parsed for assertions. */
public record Frame(String text, JsonObject json) {

    public static Frame parse(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return new Frame(text, reader.readObject());
        }
    }

    public String type() {
        return json.getString("type");
    }

    public String id() {
        return json.containsKey("id") && !json.isNull("id") ? json.getString("id") : null;
    }

    public JsonObject payload() {
        return json.getJsonObject("payload");
    }

    public String errorCode() {
        return payload().getString("code");
    }

    public String errorMessage() {
        return payload().getString("message");
    }

    @Override
    public String toString() {
        return text;
    }
}
